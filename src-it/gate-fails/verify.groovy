// Below the gate: the build fails with the contract's message and the model is never installed.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log =~ /test accuracy is 0\.\d{4}, but expected minimum is 0\.9990/
assert log.contains('BUILD FAILURE')

def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert eval.passed == false
assert !new File(localRepositoryPath, 'com/example/it/gate-fails').exists()
return true
