#!/usr/bin/env bash
# The benchmark suite, one command: bench/run.sh [runs per case, default 3] [threads, default 2]
# Times one training epoch on all 60,000 MNIST images in the plugin's training path (DL4J) and in a PyTorch
# peer (bench/peer.py, Debian's python3-torch), alternating ours/peer, for the cnn preset at batch 64 and 128
# and the mlp preset at batch 32 and 128; reports seconds per epoch, the ratio ours/PyTorch (min-median-max),
# test accuracy after the epoch, peak memory, dataset load and 10k-image evaluation time.
# A case's model may be cnn, mlp, notebook or keras (Keras's mnist_cnn example, with dropout); a model ending in
# -rgb32 trains on MNIST painted in colours as 32x32 RGB images (bench/colour.py writes them once, into
# bench/target/rgb32), the same pixels in both engines; -rgb64 on the first 12,000 Fashion-MNIST training images
# (2,000 test images) doubled to 64x64 and painted (Debian's dataset-fashion-mnist, or FASHION_DIR). Model vgg is a
# VGG-style network: two blocks of two same-padded 3x3 convolutions with batch normalization, max pooling, dense 128,
# dropout 0.5.
# Writes bench/results/runs.jsonl, runs-summary.json and runs-summary.md. Environment: BENCH_CASES ("cnn:64 mlp:32"),
# BENCH_OUT (another .jsonl), BENCH_JAVA_OPTS (e.g. -Dorg.eclipse.deeplearning4j.helpers.disable=true for DL4J's
# default path without the oneDNN helpers), BENCH_SEEDS=vary (run N trains with seed N in both engines, instead
# of seed 42 every time; bench/accuracy.sh), MNIST_DIR (the four IDX files), PEER_BLAS_THREADS (the peer's
# OpenBLAS threads, default 1: its best configuration here), and an instruction-set cap for both engines:
# DNNL_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell bench/run.sh measures the AVX2 path on an
# AVX-512 machine (oneDNN's kernels, PyTorch's own and both engines' OpenBLAS kernels).
# Every summary names the machine: CPU model, AVX2 or AVX-512, any cap, and the peer's BLAS.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
threads=${2:-2}
cases=${BENCH_CASES:-cnn:64 cnn:128 mlp:32 mlp:128}
out=${BENCH_OUT:-bench/results/runs.jsonl}

"${PYTHON:-/usr/bin/python3}" -c 'import torch' 2>/dev/null || { echo "the PyTorch peer needs Debian's python3-torch: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 1; }
. bench/common.sh

: > "$out"
for case in $cases; do
  model=${case%:*}; batch=${case#*:}
  dir=$data; export BENCH_DATA=mnist
  if [ "${model%-rgb32}" != "$model" ]; then
    model=${model%-rgb32}; dir=bench/target/rgb32; export BENCH_DATA=rgb32
    [ -f "$dir/rgb32-t10k-images" ] || "$py" bench/colour.py "$data" "$dir"
  elif [ "${model%-rgb64}" != "$model" ]; then
    model=${model%-rgb64}; dir=bench/target/rgb64; export BENCH_DATA=rgb64
    [ -f "$dir/rgb64-t10k-images" ] || "$py" bench/colour.py "${FASHION_DIR:-/usr/share/datasets/fashion-mnist}" "$dir" 64 12000 2000
  fi
  for run in $(seq "$runs"); do
    seed=$([ "${BENCH_SEEDS:-}" = vary ] && echo "$run" || echo 42)
    echo "== $case, run $run/$runs, seed $seed" >&2
    java ${BENCH_JAVA_OPTS:-} -cp "$cp" io.github.mnistgate.mnist.bench.TrainingBenchmark "$dir" "$model" "$batch" "$threads" "$seed" | grep '^{' >> "$out"
    if [ "$peer_blas_threads" = default ]; then
      "$py" bench/peer.py "$dir" "$model" "$batch" "$threads" "$seed" >> "$out"
    else
      OPENBLAS_NUM_THREADS=$peer_blas_threads "$py" bench/peer.py "$dir" "$model" "$batch" "$threads" "$seed" >> "$out"
    fi
  done
done
"$py" bench/summarize.py "$out" "${out%.jsonl}-summary.json" "$machine" | tee "${out%.jsonl}-summary.md"
