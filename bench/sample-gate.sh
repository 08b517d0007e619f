#!/usr/bin/env bash
# The sample project's gate as a user's first build meets it: bench/sample-gate.sh [runs, default 1]
# Each run is `mvn -B -Psample clean install -Dmnist.modelCache=none` from the repository root (the plugin without its
# tests, the sample project with tuning, 6 epochs of training on all 60,000 images and the gate, the consumer), with
# the dataset already in the cache and no trained model to reuse, so it trains from scratch as a fresh clone does.
# Writes one JSON line per run to bench/results/sample-gate.jsonl (wall seconds, the training step's and the
# evaluation's own times from the build log, the test accuracy, the machine) and prints them.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}
. bench/machine.sh   # sets machine
out=bench/results/sample-gate.jsonl
mkdir -p bench/results
: > "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for run in $(seq "$runs"); do
  start=$(date +%s%N)
  mvn -B -Psample clean install -Dmnist.modelCache=none > "$log" 2>&1 || { tail -40 "$log"; exit 1; }
  wall=$(( ($(date +%s%N) - start) / 1000000 ))
  "${PYTHON:-/usr/bin/python3}" - "$log" "$wall" "$machine" "$run" >> "$out" <<'PY'
import json, re, sys
log = open(sys.argv[1]).read()
def last(pattern):
    found = re.findall(pattern, log)
    return found[-1] if found else None
print(json.dumps({"run": int(sys.argv[4]), "wallSeconds": round(int(sys.argv[2]) / 1000, 1),
                  "training": last(r"\[mnist\] trained in ([^;]*);"),
                  "testAccuracy": last(r"test accuracy (0\.\d+) \("),
                  "evaluationSeconds": last(r"macro F1 [\d.]+, ([\d.]+)s\)"),
                  "nativeBuild": last(r"ND4J (linux-[\w-]+)"), "machine": sys.argv[3]}))
PY
  tail -1 "$out"
done
