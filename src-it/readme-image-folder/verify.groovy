// The README's image-folder snippet, as a new user copies it, trains on their own RGB pictures and passes a gate.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
need('[mnist] gate passed: test accuracy >= 0.9000')
def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.classNames == ['blue', 'green', 'red']
assert card.inputShape.channels == 3 && card.inputShape.height == 48 && card.inputShape.width == 64
def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert eval.passed == true
return true
