// Fashion-MNIST through its default sources (here Debian's dataset-fashion-mnist package).
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
need('[mnist] gate passed')
def summary = new JsonSlurper().parse(new File(basedir, 'target/mnist/dataset.json'))
assert summary.dataset == 'fashion-mnist'
assert summary.classNames[9] == 'Ankle boot'
assert summary.train.classCounts.every { it == 6000 }
def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert eval.dataset == 'fashion-mnist'
assert eval.perClass[0].name == 'T-shirt/top'
return true
