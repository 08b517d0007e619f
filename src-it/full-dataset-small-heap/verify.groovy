// The full dataset in a 1 GiB heap: trains on all 60,000 images, evaluates all 10,000, passes its gate.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
need('on 60,000 mnist training images')
need('[mnist] gate passed')
need('BUILD SUCCESS')
needNot('OutOfMemoryError')
def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert eval.testExamples == 10000
assert eval.passed == true
return true
