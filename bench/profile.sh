#!/usr/bin/env bash
# Where the training time goes: bench/profile.sh [model, default cnn] [batch, default 64] [threads, default 2]
# Runs one benchmark epoch (TrainingBenchmark) twice: under Java Flight Recorder, to split the time ND4J's
# native calls take by the Deeplearning4j layer and method that made them, and, where Debian's `perf` is
# installed, under `perf record`, to split all CPU time of the process by library (oneDNN's JIT-generated
# kernels show as [JIT], OpenMP's thread pool as libgomp, the kernel's scheduler as [kernel.kallsyms]).
# Writes bench/results/profile-<model>-<batch>-<threads>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-cnn}; batch=${2:-64}; threads=${3:-2}
py=${PYTHON:-/usr/bin/python3}
data=${MNIST_DIR:-$HOME/.cache/mnist-maven-plugin/mnist}
mvn -B -q install -DskipTests -Dinvoker.skip=true -pl mnist-maven-plugin
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
[ -f "$data/t10k-labels-idx1-ubyte" ] || mvn -B -q -f sample-project/pom.xml mnist:fetch
cp="bench/target/classes:$(cat bench/target/cp.txt)"
work=bench/target/profile; mkdir -p "$work" bench/results
out=bench/results/profile-$model-$batch-$threads.md
run=(io.github.mnistgate.mnist.bench.TrainingBenchmark "$data" "$model" "$batch" "$threads")

java -XX:StartFlightRecording=filename=$work/run.jfr,settings=profile -cp "$cp" "${run[@]}" | grep '^{' > "$work/jfr-run.json"
jfr print --stack-depth 64 --events jdk.NativeMethodSample "$work/run.jfr" > "$work/native-samples.txt"
{
  echo "# Profile: $model, batch $batch, $threads thread(s), one epoch"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs). Run: \`$(cat "$work/jfr-run.json")\`"
  echo
  "$py" bench/profile_layers.py "$work/native-samples.txt"
} > "$out"

if command -v perf > /dev/null; then
  perf record -q -F 499 -o "$work/perf.data" -- java -cp "$cp" "${run[@]}" | grep '^{' > "$work/perf-run.json"
  {
    echo
    echo "## All CPU time of the process, by library (\`perf record\`, both threads and the JVM's own)"
    echo
    echo "| share | library |"
    echo "|---|---|"
    perf report -q -i "$work/perf.data" --sort dso --stdio 2> /dev/null | awk 'NF >= 2 && $1 ~ /%$/ { s=$1; $1=""; sub(/^ /, ""); sub(/ tid [0-9]+/, ""); printf "| %s | %s |\n", s, $0 }' | head -12
  } >> "$out"
fi
cat "$out"
