#!/usr/bin/env bash
# The notebook's own tuned recipe against the peer: Conv(30, 3x3)-Pool-Dense(200)-Dense64-Dense10, Adam 0.01,
# batch 500, 10 epochs on all 60,000 images, for seeds 1..N in both engines, alternating ours/peer:
# bench/notebook.sh [seeds, default 3] [threads, default 2]. Writes bench/results/notebook.jsonl and
# notebook-summary.md: the training wall time of each run, the ratio ours/PyTorch, and the test accuracy per seed.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-3}; threads=${2:-2}
"${PYTHON:-/usr/bin/python3}" -c 'import torch' 2>/dev/null || { echo "the PyTorch peer needs Debian's python3-torch: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 1; }
. bench/common.sh
out=bench/results/notebook.jsonl
: > "$out"
for seed in $(seq "$seeds"); do
  echo "== notebook recipe, seed $seed: ours" >&2
  java ${BENCH_JAVA_OPTS:-} -cp "$cp" io.github.mnistgate.mnist.bench.TrainingBenchmark "$data" notebook 500 "$threads" "$seed" 10 0.01 | grep '^{' >> "$out"
  echo "== notebook recipe, seed $seed: peer" >&2
  OPENBLAS_NUM_THREADS=$peer_blas_threads "$py" bench/peer.py "$data" notebook 500 "$threads" "$seed" 10 0.01 >> "$out"
done
"$py" - "$out" "$machine" <<'PY' | tee "${out%.jsonl}-summary.md"
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ours = {r["seed"]: r for r in runs if r["engine"] == "dl4j"}
peer = {r["seed"]: r for r in runs if r["engine"] == "pytorch"}
print(f"Machine: {sys.argv[2]}; peer BLAS: {next(iter(peer.values()))['blas']} ({next(iter(peer.values()))['blasThreads']} thread(s)).")
print()
print("| seed | ours: 10 epochs, s | PyTorch: 10 epochs, s | ratio ours/PyTorch | test acc. ours | test acc. PyTorch |")
print("|---|---|---|---|---|---|")
for s in sorted(ours):
    o, p = ours[s], peer[s]
    print(f"| {s} | {o['trainSeconds']:.1f} | {p['trainSeconds']:.1f} | {o['trainSeconds'] / p['trainSeconds']:.2f} | {o['testAccuracy']:.4f} | {p['testAccuracy']:.4f} |")
ratio = statistics.median(ours[s]["trainSeconds"] / peer[s]["trainSeconds"] for s in ours)
print()
print(f"Median ratio {ratio:.2f}; mean test accuracy ours {statistics.mean(r['testAccuracy'] for r in ours.values()):.4f}, "
      f"PyTorch {statistics.mean(r['testAccuracy'] for r in peer.values()):.4f} (the notebook reached 0.9863).")
PY
