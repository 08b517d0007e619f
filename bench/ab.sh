#!/usr/bin/env bash
# Paired before/after of one change of ours against the peer, interleaved in one run so the machine's drift
# hits all three alike: bench/ab.sh "<java opts A>" "<java opts B>" [runs, default 2] [model:batch, default cnn:64]
# [threads, default 2]. Each run trains one epoch with A, one with B (TrainingBenchmark), then the PyTorch peer.
# Writes bench/results/ab.jsonl (each line tagged "variant": A, B or peer) and prints the medians and ratios.
# Example, stock DL4J against the compiled path: bench/ab.sh -Dmnist.kernels=dl4j -Dmnist.kernels=auto 3
# BENCH_A_CP puts classes ahead of the plugin's for A only: the previous commit's, built in a worktree, against
# this one's (BENCH_A_CP=/tmp/old/mnist-maven-plugin/target/classes bench/ab.sh "" "" 3 mlp:32).
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1; b=$2; runs=${3:-2}; case=${4:-cnn:64}; threads=${5:-2}
model=${case%:*}; batch=${case#*:}
. bench/common.sh
out=${BENCH_OUT:-bench/results/ab.jsonl}
: > "$out"
for run in $(seq "$runs"); do
  for v in A B; do
    opts=$([ $v = A ] && echo "$a" || echo "$b")
    vcp=$([ $v = A ] && [ -n "${BENCH_A_CP:-}" ] && echo "$BENCH_A_CP:$cp" || echo "$cp")
    echo "== $case run $run/$runs, $v: $opts" >&2
    java $opts -cp "$vcp" io.github.mnistgate.mnist.bench.TrainingBenchmark "$data" "$model" "$batch" "$threads" 42 \
      | grep '^{' | sed "s/^{/{\"variant\": \"$v\", \"opts\": \"$opts\", /" >> "$out"
  done
  echo "== $case run $run/$runs, peer" >&2
  OPENBLAS_NUM_THREADS=$peer_blas_threads "$py" bench/peer.py "$data" "$model" "$batch" "$threads" 42 \
    | sed 's/^{/{"variant": "peer", /' >> "$out"
done
"$py" - "$out" "$machine" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {v: [r for r in runs if r["variant"] == v] for v in ("A", "B", "peer")}
med = {v: statistics.median(r["epochSeconds"] for r in rs) for v, rs in by.items()}
print(f"Machine: {sys.argv[2]}.")
for v in ("A", "B"):
    print(f"{v} ({by[v][0]['opts']}): {[r['epochSeconds'] for r in by[v]]} s/epoch, median {med[v]:.2f}, "
          f"ratio to the peer {med[v] / med['peer']:.2f} (paired: {[round(x['epochSeconds'] / p['epochSeconds'], 2) for x, p in zip(by[v], by['peer'])]}), "
          f"test accuracy {by[v][0]['testAccuracy']}, 10k evaluation {statistics.median(r['evalSeconds'] for r in by[v]):.2f} s")
print(f"peer: {[r['epochSeconds'] for r in by['peer']]} s/epoch, median {med['peer']:.2f}, BLAS {by['peer'][0].get('blas')}")
print(f"B is {med['A'] / med['B']:.2f}x as fast as A")
PY
