// 48,000 pictures of 64x64 RGB, 562 MiB of pixels, trained on and scored in a 256 MiB heap: the gate passes.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
need('Max. Heap Size: 256.00M')
need('decoding every image to 64x64 RGB')
need('on 38,400 folder training images (450 MiB of pixels, read a minibatch at a time)')
need('[mnist] gate passed: test accuracy >= 0.9000')
need('BUILD SUCCESS')
needNot('OutOfMemoryError')
def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert card.classNames == ['blue', 'green', 'red', 'yellow']
assert card.trainExamples + eval.testExamples == 48000
long pixels = 48000L * card.inputShape.channels * card.inputShape.height * card.inputShape.width
assert pixels > 2L * 256 * 1024 * 1024 : "the folder's pixels (${pixels} bytes) are more than twice the heap"
assert eval.passed == true
return true
