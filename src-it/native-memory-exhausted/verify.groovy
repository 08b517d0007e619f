// Native memory exhausted: a clear error that says what to change, no JVM crash, no model written or installed.
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
need('[mnist] not enough native memory for ND4J')
need('-Dmnist.batchSize, now 32')
need('-Dorg.bytedeco.javacpp.maxPhysicalBytes')
need('BUILD FAILURE')
needNot('A fatal error has been detected by the Java Runtime Environment')
// The plugin leaves oshi (and jna) out of its dependencies: DL4J's memory crash dump, which needs them, is off.
needNot('NoClassDefFoundError')
needNot('oshi')
assert !basedir.listFiles().any { it.name.contains('memory-crash-dump') }
assert !basedir.listFiles().any { it.name.startsWith('hs_err') }
def target = new File(basedir, 'target')
assert !target.exists() || !target.listFiles().any { it.name.endsWith('-model.zip') }
assert !new File(localRepositoryPath, 'com/example/it/native-memory-exhausted').exists()
return true
