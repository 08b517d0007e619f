#!/usr/bin/env bash
# Two builds of the working tree give byte-identical plugin and runtime jars: bench/reproducible.sh builds each
# twice from clean (tests skipped) and compares their SHA-256. Exits 1 and names the jar that differs.
set -euo pipefail
cd "$(dirname "$0")/.."
build() {
  mvn -B -q clean package -DskipTests -Djacoco.skip=true -Dinvoker.skip=true -pl mnist-model-runtime,mnist-maven-plugin > /dev/null
  sha256sum mnist-maven-plugin/target/mnist-maven-plugin-*.jar mnist-model-runtime/target/mnist-model-runtime-*.jar
}
first=$(build); second=$(build)
echo "$first"
if [ "$first" != "$second" ]; then
  diff <(echo "$first") <(echo "$second") >&2
  echo "the jars differ between two builds" >&2
  exit 1
fi
echo "two builds, the same jars"
