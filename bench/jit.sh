#!/usr/bin/env bash
# How much of a one-epoch run the JIT compilers take: TrainingBenchmark with HotSpot's default tiered compilation
# against C1 only (-XX:TieredStopAtLevel=1), paired and alternating, per case.
# Usage: bench/jit.sh [pairs, default 3] [threads, default 2]; BENCH_CASES (default "mlp:32 mlp:128 cnn:64").
# Writes bench/results/jit.jsonl (every run, with the machine) and prints the median ratio per case.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-3}; threads=${2:-2}
. bench/common.sh
out=bench/results/jit.jsonl
: > "$out"
for pair in $(seq "$pairs"); do
  for c in ${BENCH_CASES:-mlp:32 mlp:128 cnn:64}; do
    for jit in tiered c1; do
      opts=(); [ "$jit" = c1 ] && opts=(-XX:TieredStopAtLevel=1)
      line=$(java "${opts[@]}" -cp "$cp" io.github.mnistgate.mnist.bench.TrainingBenchmark "$data" "${c%%:*}" "${c##*:}" "$threads" 2>/dev/null | grep '^{')
      echo "$line" | "$py" -c "import json,sys; d=json.load(sys.stdin); d.update(pair=$pair, jit='$jit', machine='$machine'); print(json.dumps(d))" | tee -a "$out"
    done
  done
done
"$py" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("machine:", rows[0]["machine"])
for case in dict.fromkeys((r["model"], r["batch"]) for r in rows):
    by = {(r["pair"], r["jit"]): r for r in rows if (r["model"], r["batch"]) == case}
    ratios = [by[(p, "tiered")]["epochSeconds"] / by[(p, "c1")]["epochSeconds"] for p in sorted({p for p, _ in by})]
    same = all(by[(p, "tiered")]["testAccuracy"] == by[(p, "c1")]["testAccuracy"] for p, _ in by)
    med = lambda j: statistics.median(by[k]["epochSeconds"] for k in by if k[1] == j)
    print(f"{case[0]} batch {case[1]}: epoch median {med('tiered'):.2f} s tiered, {med('c1'):.2f} s C1 only;"
          f" speed-up {statistics.median(ratios):.2f}x (per pair {min(ratios):.2f}-{max(ratios):.2f}x);"
          f" same test accuracy: {same}")
PY
