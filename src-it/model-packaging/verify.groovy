// <packaging>mnist-model</packaging> builds, gates and installs a model with no executions in its POM, tuning only
// when a search space is configured; a consumer resolves the model by the contract's coordinates.
import groovy.json.JsonSlurper
import java.util.zip.ZipFile

def logOf = { String project ->
    def f = new File(basedir, project + '/build.log')
    if (!f.isFile()) f = new File(basedir, 'build.log')
    f.text
}
def need = { String text, String s -> if (!text.contains(s)) throw new AssertionError("build log lacks: " + s) }
def model = logOf('model')
need(model, 'mnist-maven-plugin:' )
need(model, ':fetch (default-fetch)')
need(model, ':tune (default-tune)')
need(model, '[mnist] best: trial_')
need(model, ':train (default-train)')
need(model, ':evaluate (default-evaluate)')
need(model, '[mnist] gate passed: test accuracy')
need(model, 'maven-install-plugin')

def untuned = logOf('untuned')
need(untuned, '[mnist] no search space configured (<hyperParameters>): no tuning')

def repo = new File(localRepositoryPath, 'com/example/it/packaged-model/1.0')
def main = new File(repo, 'packaged-model-1.0.zip')
def attached = new File(repo, 'packaged-model-1.0-model.zip')
assert main.isFile() : 'the model is the project artifact'
assert attached.isFile() : 'and is attached as classifier model, type zip'
assert new File(repo, 'packaged-model-1.0.pom').text.contains('<packaging>mnist-model</packaging>')
assert main.bytes == attached.bytes
def onnx = new File(repo, 'packaged-model-1.0-model.onnx')
assert onnx.isFile() : 'the same model as ONNX is installed with classifier model, type onnx'
need(model, '[mnist] model as ONNX (opset 13): ')

def copied = new File(basedir, 'consumer/target/model/packaged-model-1.0-model.zip')
assert copied.isFile() : 'the consumer resolved the model by its coordinates'
def zip = new ZipFile(copied)
try {
    def card = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('model-card.json')))
    assert card.model == 'mlp'
    assert card.evaluation.passed == true
    assert card.hyperParameterSource.contains('best-hyperparameters.json')
} finally {
    zip.close()
}
