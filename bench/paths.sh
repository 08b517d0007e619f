#!/usr/bin/env bash
# The training paths against the PyTorch peer, same network and pixels, one epoch each, on this machine's own ISA
# and with every engine capped at AVX2: (a) the cnn preset on 32x32 RGB images, (b) Keras's mnist_cnn with dropout,
# (c) a VGG-style network with batch normalization on 64x64 RGB images, (d) the MNIST cnn and mlp presets.
# Usage: bench/paths.sh [runs per case, default 2] [threads, default 2]. Writes bench/results/paths-<isa><tag>.jsonl
# and its -summary.md through bench/run.sh; PATHS_TAG names a tag, e.g. for a run of some cases (BENCH_CASES). OpenBLAS 0.3.21 does not know
# every newer CPU: on an AVX-512 machine the native run names its AVX-512 kernels (OPENBLAS_CORETYPE=SkylakeX) for
# both engines, and the machine line records it; PATHS_CORETYPE sets another.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-2}; threads=${2:-2}
export BENCH_CASES=${BENCH_CASES:-"cnn-rgb32:64 keras:64 vgg-rgb64:64 cnn:64 mlp:32"}
tag=${PATHS_TAG:+-$PATHS_TAG}
native=${PATHS_CORETYPE:-$(grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512f && echo SkylakeX || echo Haswell)}
OPENBLAS_CORETYPE=$native BENCH_OUT=bench/results/paths-native$tag.jsonl bench/run.sh "$runs" "$threads"
DNNL_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell \
  BENCH_OUT=bench/results/paths-avx2-cap$tag.jsonl bench/run.sh "$runs" "$threads"
