// The corrupted cached file is detected by its checksum, discarded, and fetched again from the source.
import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
needMatch(/cached \S*train-labels-idx1-ubyte is corrupt .*discard/)
needMatch(/\[mnist\] trying source 1\/1 .*: ok/)
def labels = new File(basedir, 'cache/mnist/train-labels-idx1-ubyte')
def sha = MessageDigest.getInstance('SHA-256').digest(labels.bytes).encodeHex().toString()
assert sha == '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5'
return true
