# Sourced by the bench scripts: builds the plugin and the benchmark's Java side, fills the dataset cache if
# needed, and sets py (Debian's python3, which has python3-torch), data (the four MNIST IDX files) and cp (the
# class path of TrainingBenchmark). Run from the repository root.
# Debian's PyTorch lives in the system Python, which another python3 on PATH (pyenv, a venv) may hide.
py=${PYTHON:-/usr/bin/python3}
data=${MNIST_DIR:-$HOME/.cache/mnist-maven-plugin/mnist}
# Without OpenBLAS, Debian's torch runs every matmul on the reference BLAS: a handicapped peer.
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || [ -n "${BENCH_ALLOW_REFERENCE_BLAS:-}" ] || { echo "the peer needs OpenBLAS (apt-get install -y libopenblas0-pthread); BENCH_ALLOW_REFERENCE_BLAS=1 runs it handicapped anyway" >&2; exit 1; }
mvn -B -q install -DskipTests -Djacoco.skip=true -Dinvoker.skip=true -pl mnist-maven-plugin -am
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
[ -f "$data/t10k-labels-idx1-ubyte" ] || mvn -B -q -f sample-project/pom.xml mnist:fetch   # fills the cache
cp="bench/target/classes:$(cat bench/target/cp.txt)${BENCH_EXTRA_CP:+:$BENCH_EXTRA_CP}"   # BENCH_EXTRA_CP: e.g. another native build
. bench/machine.sh   # sets machine
# The peer in its best configuration: OpenBLAS for torch's matmuls (Debian's torch otherwise reaches the reference
# BLAS), with one OpenBLAS thread, since OpenBLAS's own threads fight torch's OpenMP threads (bench/README.md).
peer_blas_threads=${PEER_BLAS_THREADS:-1}   # PEER_BLAS_THREADS=default leaves OpenBLAS its own choice
mkdir -p bench/results
