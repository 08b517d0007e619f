// Below the gate: the build fails with the contract's message and the model is never installed.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
needMatch(/test accuracy is 0\.\d{4}, but expected minimum is 0\.9990/)
need('BUILD FAILURE')

def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert eval.passed == false
assert !new File(localRepositoryPath, 'com/example/it/gate-fails').exists()
return true
