# Sourced by the bench scripts: sets `machine`, the line every result records (cores, CPU model, family and model,
# AVX-512 or AVX2, any ISA cap in force, memory), from /proc/cpuinfo as `lscpu` shows it. OpenBLAS (our dense
# products and the inference pass, and the peer's matmuls) picks its kernels by the CPU too: OPENBLAS_CORETYPE=Haswell
# beside DNNL_MAX_CPU_ISA=AVX2 caps it at AVX2.
isa=$(grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512f && echo "AVX-512" || (grep -m1 '^flags' /proc/cpuinfo | grep -qw avx2 && echo "AVX2 (no AVX-512)" || echo "no AVX2"))
cap=${DNNL_MAX_CPU_ISA:+, capped at DNNL_MAX_CPU_ISA=$DNNL_MAX_CPU_ISA}${ATEN_CPU_CAPABILITY:+ and ATEN_CPU_CAPABILITY=$ATEN_CPU_CAPABILITY}${OPENBLAS_CORETYPE:+ and OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE}
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs), model $(grep -m1 '^model[[:space:]]' /proc/cpuinfo | cut -d: -f2 | xargs)), $isa$cap, $(free -g | awk '/Mem:/ {print $2}') GiB"
