#!/usr/bin/env bash
# What augmentation costs and what it gains: bench/augmentation.sh [cost runs, default 3] [seeds, default 3]
# Cost: one cnn epoch (batch 64, 2 threads) on all 60,000 MNIST images without and with every augmentation,
# interleaved, median seconds per epoch and their ratio (the issue's budget: at most 1.10).
# Gain: the cnn trained 40 epochs on the first 1,000 MNIST training images, tested on all 10,000, without and with
# randomRotation=0.04,randomZoom=0.1,randomTranslation=0.1 (small turns, zooms and shifts: a flip changes a digit),
# seeds 1..N; mean test accuracy of each and the seeds' spread.
# Writes bench/results/augmentation-cost.jsonl, augmentation-gain.jsonl and augmentation-summary.md, naming the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; seeds=${2:-3}
. bench/common.sh
every="randomFlip=horizontal_and_vertical,randomRotation=0.05,randomZoom=0.1,randomTranslation=0.1,randomContrast=0.2,randomBrightness=0.1"
gain="randomRotation=0.04,randomZoom=0.1,randomTranslation=0.1"
cost=bench/results/augmentation-cost.jsonl; : > "$cost"
for run in $(seq "$runs"); do
  for a in none "$every"; do
    echo "== cost, run $run/$runs, augmentation $a" >&2
    java -Dbench.augmentation="$a" -cp "$cp" io.github.mnistgate.mnist.bench.TrainingBenchmark "$data" cnn 64 2 42 \
      | grep '^{' >> "$cost"
  done
done
gains=bench/results/augmentation-gain.jsonl; : > "$gains"
for seed in $(seq "$seeds"); do
  for a in none "$gain"; do
    echo "== gain, seed $seed/$seeds, augmentation $a" >&2
    java -Dbench.augmentation="$a" -Dbench.trainLimit=1000 -cp "$cp" io.github.mnistgate.mnist.bench.TrainingBenchmark \
      "$data" cnn 64 2 "$seed" 40 | grep '^{' >> "$gains"
  done
done
"$py" - "$cost" "$gains" "$machine" <<'PY' | tee bench/results/augmentation-summary.md
import json, statistics, sys
cost = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
gain = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
print(f"# Augmentation: cost and gain\n\nMachine: {sys.argv[3]}. Command: `bench/augmentation.sh`.\n")
plain = [r["epochSeconds"] for r in cost if r["augmentation"] == "none"]
aug = [r for r in cost if r["augmentation"] != "none"]
ratio = statistics.median(r["epochSeconds"] for r in aug) / statistics.median(plain)
print(f"Cost, one cnn epoch on 60,000 MNIST images, batch 64, 2 threads: {statistics.median(plain):.2f} s without, "
      f"{statistics.median(r['epochSeconds'] for r in aug):.2f} s with `{aug[0]['augmentation']}` "
      f"(medians of {len(plain)} interleaved runs each: {plain} and {[r['epochSeconds'] for r in aug]}); "
      f"ratio {ratio:.3f}.\n")
for name in ("none", next(r["augmentation"] for r in gain if r["augmentation"] != "none")):
    acc = [r["testAccuracy"] for r in gain if r["augmentation"] == name]
    print(f"Gain, cnn, 40 epochs on the first 1,000 MNIST training images, all 10,000 test images, "
          f"augmentation `{name}`: seeds {[r['seed'] for r in gain if r['augmentation'] == name]}, test accuracy {acc}, "
          f"mean {statistics.mean(acc):.4f}, spread (max - min) {max(acc) - min(acc):.4f}.\n")
acc = {n: [r["testAccuracy"] for r in gain if r["augmentation"] == n] for n in {r["augmentation"] for r in gain}}
base = statistics.mean(acc.pop("none"))
other = statistics.mean(next(iter(acc.values())))
print(f"Mean gain: {other - base:+.4f}.")
PY
