#!/usr/bin/env bash
# Wall time of one fixed search (bench/parallel-trials/pom.xml: 4 mlp trials) with its trials one after the other,
# side by side in the build, and side by side as tasks of a Spark driver (local[parallel]), interleaved in one run:
# bench/parallel-trials.sh [runs, default 3] [parallel, default 2] [threads, default: all cores].
# Writes bench/results/parallel-trials.jsonl and prints the medians and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; parallel=${2:-2}; threads=${3:-0}
mvn -B -q install -DskipTests -Djacoco.skip=true -Dinvoker.skip=true -pl mnist-maven-plugin -am
. bench/machine.sh   # sets machine
out=bench/results/parallel-trials.jsonl
mkdir -p bench/results
: > "$out"
for run in $(seq "$runs"); do
  for arm in "1 none" "$parallel none" "$parallel local[$parallel]"; do
    read -r n master <<< "$arm"
    start=$(date +%s%N)
    mvn -B -f bench/parallel-trials/pom.xml mnist:tune -Dmnist.parallelTrials="$n" -Dmnist.threads="$threads" \
      -Dmnist.sparkMaster="$master" > "bench/parallel-trials/target-run.log" 2>&1
    seconds=$(( ($(date +%s%N) - start) / 1000000 ))
    grep -q "$n trials at a time" bench/parallel-trials/target-run.log || [ "$n" = 1 ] || { echo "the trials did not run side by side" >&2; exit 1; }
    best=$(grep -o 'best: trial_[0-9]*, val_accuracy [0-9.]*' bench/parallel-trials/target-run.log | head -1 || true)
    echo "{\"run\": $run, \"parallelTrials\": $n, \"sparkMaster\": \"$master\", \"threads\": $threads, \"wallSeconds\": $(echo "scale=2; $seconds/1000" | bc), \"best\": \"$best\", \"machine\": \"$machine\"}" | tee -a "$out"
  done
done
rm -f bench/parallel-trials/target-run.log
python3 - "$out" "$parallel" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
p = int(sys.argv[2])
med = lambda n, m: statistics.median(r["wallSeconds"] for r in rows if r["parallelTrials"] == n and r.get("sparkMaster", "none") == m)
seq, par, spark = med(1, "none"), med(p, "none"), med(p, f"local[{p}]")
print(f"machine: {rows[0]['machine']}")
print(f"median wall time of the whole mvn mnist:tune: one at a time {seq:.1f} s, {p} at a time {par:.1f} s"
      f" (speed-up {seq / par:.2f}x), {p} at a time on Spark local[{p}] {spark:.1f} s (speed-up {seq / spark:.2f}x)")
PY
