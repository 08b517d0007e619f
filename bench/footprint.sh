#!/usr/bin/env bash
# Download footprint: what a user's first `mvn verify` with the plugin pulls into an empty local repository.
# Usage: bench/footprint.sh   (after `mvn -B -Psample install`, which installs the plugin locally)
# Writes bench/results/footprint.json and prints the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' mnist-maven-plugin/pom.xml | head -1)
plugin=io/github/mnistgate/mnist-maven-plugin/$version
mkdir -p "$repo/$plugin"
# The plugin itself is not on a public repository yet: seed it, then count everything Maven downloads.
cp "$HOME/.m2/repository/$plugin"/mnist-maven-plugin-"$version".{jar,pom} "$repo/$plugin/"
# and its parent POM and the runtime it depends on, published beside it
for a in mnist-maven-plugin-aggregator mnist-model-runtime; do
  mkdir -p "$repo/io/github/mnistgate/$a/$version"; cp "$HOME/.m2/repository/io/github/mnistgate/$a/$version"/$a-"$version".* "$repo/io/github/mnistgate/$a/$version/"
done
plugin_bytes=$(du -sb "$repo" | cut -f1)
# mnist.skip: the plugin and all its dependencies are still resolved (the plugin realm is built first).
mvn -B -q -Dmaven.repo.local="$repo" -f sample-project/pom.xml verify -Dmnist.skip=true
total=$(du -sb "$repo" | cut -f1)
# ONNX Runtime (93 MB) comes only with a build that scores an ONNX model file: none may be here.
onnx_runtime_jars=$(find "$repo" -path '*onnxruntime*' -name '*.jar' | wc -l)
natives=$(find "$repo" -name '*-linux-x86_64*.jar' -o -name '*-macosx-*.jar' -o -name '*-windows-*.jar' | xargs -r du -cb | tail -1 | cut -f1)
mkdir -p bench/results
cat > bench/results/footprint.json <<JSON
{
  "what": "bytes downloaded into an empty local repository by 'mvn verify' of sample-project (plugin jar seeded, not counted)",
  "os": "$(uname -s) $(uname -m)",
  "downloadedBytes": $((total - plugin_bytes)),
  "nativeJarBytes": ${natives:-0},
  "onnxRuntimeJars": $onnx_runtime_jars,
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
cat bench/results/footprint.json
# What the bytes are: the 30 largest files, so that the next candidate for an exclusion is plain to see.
find "$repo" -type f \( -name '*.jar' -o -name '*.pom' \) -printf '%s %P\n' | sort -rn | head -30 > bench/results/footprint-largest.txt
echo "downloaded: $(( (total - plugin_bytes) / 1000000 )) MB (native jars $(( ${natives:-0} / 1000000 )) MB)"
if [ "$onnx_runtime_jars" -gt 0 ]; then echo "ONNX Runtime was downloaded by a build that scores no ONNX file" >&2; exit 1; fi
