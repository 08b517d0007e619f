#!/usr/bin/env bash
# Accuracy parity over seeds: bench/accuracy.sh [seeds, default 5] [threads, default 2]
# One seed says little about accuracy after one epoch (it moves by tenths of a point with the initial weights and
# the data order), so this trains each case (BENCH_CASES, default "cnn:64") with seeds 1..N in ours and in the
# PyTorch peer, alternating (bench/run.sh with BENCH_SEEDS=vary), and reports the mean, standard deviation and
# range of test accuracy for each engine and the difference of the means.
# Writes bench/results/accuracy.jsonl, accuracy-summary.json and accuracy-summary.md (the speed table of the same
# runs) and accuracy-parity.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_SEEDS=vary BENCH_CASES=${BENCH_CASES:-cnn:64} BENCH_OUT=bench/results/accuracy.jsonl bench/run.sh "${1:-5}" "${2:-2}" > /dev/null
"${PYTHON:-/usr/bin/python3}" bench/accuracy.py bench/results/accuracy.jsonl | tee bench/results/accuracy-parity.md
