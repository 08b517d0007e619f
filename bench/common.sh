# Sourced by the bench scripts: builds the plugin and the benchmark's Java side, fills the dataset cache if
# needed, and sets py (Debian's python3, which has python3-torch), data (the four MNIST IDX files) and cp (the
# class path of TrainingBenchmark). Run from the repository root.
# Debian's PyTorch lives in the system Python, which another python3 on PATH (pyenv, a venv) may hide.
py=${PYTHON:-/usr/bin/python3}
data=${MNIST_DIR:-$HOME/.cache/mnist-maven-plugin/mnist}
mvn -B -q install -DskipTests -Dinvoker.skip=true -pl mnist-maven-plugin
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
[ -f "$data/t10k-labels-idx1-ubyte" ] || mvn -B -q -f sample-project/pom.xml mnist:fetch   # fills the cache
cp="bench/target/classes:$(cat bench/target/cp.txt)"
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
mkdir -p bench/results
