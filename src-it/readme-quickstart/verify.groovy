// The README's first snippet passes its own gate: trained on all 60,000 MNIST images, tested on all 10,000.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
need('[mnist] gate passed: test accuracy')
need('[mnist] train epoch 6/6')

def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert eval.testExamples == 10000
assert eval.passed == true
assert eval.minAccuracy == 0.99
assert eval.accuracy >= 0.99

def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.model == 'cnn'
assert card.trainExamples == 60000
assert new File(basedir, 'target/readme-quickstart-1.0-model.zip').isFile()
return true
