#!/usr/bin/env bash
# Where the training time goes: bench/profile.sh [model, default cnn; e.g. vgg-rgb64] [batch, default 64] [threads, default 2]
# Runs one benchmark epoch (TrainingBenchmark) twice: under Java Flight Recorder, to split the time ND4J's
# native calls take by the Deeplearning4j layer and method that made them, and, where Debian's `perf` is
# installed, under `perf record`, to split all CPU time of the process by library, by thread and by ND4J
# function (bench/profile_perf.py; OpenMP's thread pool shows as libgomp, the kernel's scheduler as
# [kernel.kallsyms]; the JVM writes a perf map at exit so that its compiled Java code is told apart from
# oneDNN's generated kernels).
# Writes bench/results/profile-<model>-<batch>-<threads>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-cnn}; batch=${2:-64}; threads=${3:-2}
. bench/common.sh
work=bench/target/profile; mkdir -p "$work"
out=bench/results/profile-$model-$batch-$threads.md
# A model ending in -rgb32 or -rgb64 trains on the painted images that bench/run.sh writes (run it first).
dir=$data; export BENCH_DATA=mnist
case $model in *-rgb32|*-rgb64)
  BENCH_DATA=${model##*-}; dir=bench/target/$BENCH_DATA
  [ -f "$dir/$BENCH_DATA-t10k-images" ] || { echo "no $dir: run bench/run.sh with a $BENCH_DATA case first" >&2; exit 1; } ;;
esac
run=(io.github.mnistgate.mnist.bench.TrainingBenchmark "$dir" "${model%-rgb??}" "$batch" "$threads")

java -XX:StartFlightRecording=filename=$work/run.jfr,settings=profile -cp "$cp" "${run[@]}" | grep '^{' > "$work/jfr-run.json"
jfr print --stack-depth 64 --events jdk.NativeMethodSample "$work/run.jfr" > "$work/native-samples.txt"
{
  echo "# Profile: $model, batch $batch, $threads thread(s), one epoch"
  echo
  echo "Machine: $machine. Run: \`$(cat "$work/jfr-run.json")\`"
  echo
  "$py" bench/profile_layers.py "$work/native-samples.txt"
} > "$out"

if [ "${PROFILE_PERF:-yes}" != no ] && command -v perf > /dev/null; then   # PROFILE_PERF=no: the JFR run only
  perf record -q -F 499 -o "$work/perf.data" -- java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit \
    -cp "$cp" "${run[@]}" | grep '^{' > "$work/perf-run.json"
  {
    echo
    echo "## All CPU time of the process (\`perf record\`, every thread)"
    echo
    echo "Run: \`$(cat "$work/perf-run.json")\`"
    perf report -q -n --no-children --sort comm,dso,sym --stdio -t ';' -i "$work/perf.data" 2> /dev/null | "$py" bench/profile_perf.py
  } >> "$out"
fi
cat "$out"
