// The gate passes and `install` puts the model into the ITs' local repository under its coordinates.
import groovy.json.JsonSlurper
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
need('[mnist] gate passed: test accuracy')
needMatch(/\[mnist\] train epoch 1\/1: loss \d\.\d{4}, train accuracy \d\.\d{4}, \d+ examples\/s, elapsed/)

def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert eval.testExamples == 10000
assert eval.passed == true
assert eval.minAccuracy == 0.85
assert eval.accuracy >= 0.85

def installed = new File(localRepositoryPath, 'com/example/it/gate-passes/1.0/gate-passes-1.0-model.zip')
assert installed.isFile()
def zip = new ZipFile(installed)
try {
    assert zip.getEntry('configuration.json') != null
    assert zip.getEntry('coefficients.bin') != null
    def card = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('model-card.json')))
    assert card.model == 'mlp'
    assert card.trainExamples == 5000
    assert card.datasetSha256['train-images-idx3-ubyte'] == 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db'
} finally {
    zip.close()
}
assert new File(basedir, 'target/mnist/model-card.json').isFile()
assert new File(basedir, 'target/mnist/evaluation.md').text.contains('Confusion matrix')
return true
