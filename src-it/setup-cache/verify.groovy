// Fills the shared IT cache through the default source chain and checks the dataset summary.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
// Online the first mirror delivers; in a closed network the chain falls through to npm.
// (A rerun without `clean` finds the shared cache already filled.)
needMatch(/(?s)\[mnist\] (trying source 1\/3 https:\/\/ossci-datasets.s3.amazonaws.com\/mnist\/.*?trying source \d\/3 [^\n]*: ok|all 4 files of mnist verified in cache)/)

def summary = new JsonSlurper().parse(new File(basedir, 'target/mnist/dataset.json'))
assert summary.dataset == 'mnist'
assert summary.train.examples == 60000
assert summary.test.examples == 10000
assert summary.imageShape == [28, 28]
assert summary.minValue == 0 && summary.maxValue == 255
assert summary.missingValues == 0 && summary.invalidValues == 0
assert summary.train.classCounts.sum() == 60000
assert summary.train.classCounts[1] == 6742  // the well-known MNIST class counts
assert summary.test.classCounts[0] == 980

def png = new File(basedir, 'target/mnist/samples.png')
assert png.length() > 1000
assert new String(png.bytes[1..3] as byte[], 'US-ASCII') == 'PNG'
need('0 missing, 0 invalid')

// A user's first build resolves the plugin with all it needs, and no ONNX Runtime (93 MB): that is fetched only when
// a model file is ONNX (IT gate-pytorch-model).
assert !new File(localRepositoryPath, 'com/microsoft/onnxruntime').exists() : 'the plugin brought ONNX Runtime with it'
assert new File(localRepositoryPath, 'org/deeplearning4j').isDirectory()
return true
