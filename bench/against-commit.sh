#!/usr/bin/env bash
# This checkout's training against an earlier commit's, interleaved in one run so the machine's drift hits both:
# bench/against-commit.sh <commit> [runs, default 2] [threads, default 2]. BENCH_CASES ("cnn:64 mlp:32") names the
# cases, MNIST data only. The commit is checked out in a worktree under bench/target, its plugin and benchmark built
# there, and run on the same dependency class path. Writes bench/results/against-<commit>.jsonl (each line tagged
# "variant": before or after) and prints the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$1; runs=${2:-2}; threads=${3:-2}
cases=${BENCH_CASES:-cnn:64 mlp:32}
. bench/common.sh
old=bench/target/commit-$commit
[ -d "$old" ] || git worktree add -q --detach "$old" "$commit"
(cd "$old" && mvn -B -q package -DskipTests -Djacoco.skip=true -Dinvoker.skip=true -pl mnist-model-runtime,mnist-maven-plugin)
deps=$(tr ':' '\n' < bench/target/cp.txt | grep -v '/io/github/mnistgate/' | paste -sd:)
mkdir -p "$old/bench/target/classes"
javac -nowarn -d "$old/bench/target/classes" -cp "$old/mnist-maven-plugin/target/classes:$old/mnist-model-runtime/target/classes:$deps" \
  $(find "$old/bench/src/main/java" -name '*.java')
before="$old/bench/target/classes:$old/mnist-maven-plugin/target/classes:$old/mnist-model-runtime/target/classes:$deps"
out=${BENCH_OUT:-bench/results/against-$commit.jsonl}
: > "$out"
for case in $cases; do
  model=${case%:*}; batch=${case#*:}
  for run in $(seq "$runs"); do
    for v in before after; do
      vcp=$([ $v = before ] && echo "$before" || echo "$cp")
      echo "== $case run $run/$runs, $v" >&2
      java -cp "$vcp" io.github.mnistgate.mnist.bench.TrainingBenchmark "$data" "$model" "$batch" "$threads" 42 \
        | grep '^{' | sed "s/^{/{\"variant\": \"$v\", \"commit\": \"$([ $v = before ] && echo "$commit" || git rev-parse --short HEAD)\", /" >> "$out"
    done
  done
done
"$py" - "$out" "$machine" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"Machine: {sys.argv[2]}.")
for model in sorted({(r["model"], r["batch"]) for r in runs}):
    by = {v: [r for r in runs if (r["model"], r["batch"]) == model and r["variant"] == v] for v in ("before", "after")}
    med = {v: statistics.median(r["epochSeconds"] for r in rs) for v, rs in by.items()}
    print(f"{model[0]} batch {model[1]}: before ({by['before'][0]['commit']}) {[r['epochSeconds'] for r in by['before']]} s, "
          f"after ({by['after'][0]['commit']}) {[r['epochSeconds'] for r in by['after']]} s; medians {med['before']:.2f} -> "
          f"{med['after']:.2f} s ({med['before'] / med['after']:.2f}x); test accuracy {by['before'][0]['testAccuracy']} -> "
          f"{by['after'][0]['testAccuracy']}")
PY
