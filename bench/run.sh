#!/usr/bin/env bash
# The benchmark suite, one command: bench/run.sh [runs per case, default 3] [threads, default 2]
# Times one training epoch on all 60,000 MNIST images in the plugin's training path (DL4J) and in a PyTorch
# peer (bench/peer.py, Debian's python3-torch), alternating ours/peer, for the cnn preset at batch 64 and 128
# and the mlp preset at batch 32 and 128; reports seconds per epoch, the ratio ours/PyTorch (min-median-max),
# test accuracy after the epoch, peak memory, dataset load and 10k-image evaluation time.
# Writes bench/results/runs.jsonl, runs-summary.json and runs-summary.md. Environment: BENCH_CASES ("cnn:64 mlp:32"),
# BENCH_OUT (another .jsonl), BENCH_JAVA_OPTS (e.g. -Dorg.eclipse.deeplearning4j.helpers.disable=true for DL4J's
# default path without the oneDNN helpers), MNIST_DIR (the four IDX files).
set -euo pipefail
# Debian's PyTorch lives in the system Python, which another python3 on PATH (pyenv, a venv) may hide.
py=${PYTHON:-/usr/bin/python3}
cd "$(dirname "$0")/.."
runs=${1:-3}
threads=${2:-2}
data=${MNIST_DIR:-$HOME/.cache/mnist-maven-plugin/mnist}
cases=${BENCH_CASES:-cnn:64 cnn:128 mlp:32 mlp:128}
out=${BENCH_OUT:-bench/results/runs.jsonl}

"$py" -c 'import torch' 2>/dev/null || { echo "the PyTorch peer needs Debian's python3-torch: apt-get install -y python3-torch" >&2; exit 1; }
mvn -B -q install -DskipTests -Dinvoker.skip=true -pl mnist-maven-plugin
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
[ -f "$data/t10k-labels-idx1-ubyte" ] || mvn -B -q -f sample-project/pom.xml mnist:fetch   # fills the cache
cp="bench/target/classes:$(cat bench/target/cp.txt)"

mkdir -p bench/results

: > "$out"
for case in $cases; do
  model=${case%:*}; batch=${case#*:}
  for run in $(seq "$runs"); do
    echo "== $model batch $batch, run $run/$runs" >&2
    java ${BENCH_JAVA_OPTS:-} -cp "$cp" io.github.mnistgate.mnist.bench.TrainingBenchmark "$data" "$model" "$batch" "$threads" | grep '^{' >> "$out"
    "$py" bench/peer.py "$data" "$model" "$batch" "$threads" >> "$out"
  done
done
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
"$py" bench/summarize.py "$out" "${out%.jsonl}-summary.json" "$machine" | tee "${out%.jsonl}-summary.md"
