// Models trained elsewhere are gated, published and compared as the plugin's own: two PyTorch networks exported with
// torch.onnx.export, and the ONNX file of a DL4J model held against its own zip on MNIST's 10,000 test images.
import groovy.json.JsonSlurper
import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def json = { String path -> new JsonSlurper().parse(new File(basedir, path)) }
def sha256 = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }
def pytorch = json('pytorch/accuracy.json')

// 1.0, PyTorch's MLP ([N, 784] in, logits out): the accuracy PyTorch measured, to the last image.
def mlp = json('pytorch-1.0/target/mnist/evaluation.json')
assert mlp.testExamples == 10000
assert Math.abs(mlp.accuracy - pytorch.mlp) < 1e-9 : "evaluation ${mlp.accuracy}, PyTorch ${pytorch.mlp}"
assert mlp.passed == true
def remote = new File(basedir, 'remote-repo/com/example/it/pytorch-digits/1.0')
assert sha256(new File(remote, 'pytorch-digits-1.0-model.onnx')) == sha256(new File(basedir, 'pytorch/mlp.onnx'))
assert !new File(remote, 'pytorch-digits-1.0-model.zip').exists()

// 1.1, PyTorch's CNN ([N, 1, 28, 28] in): gated, compared with 1.0 from the file: repository, installed.
def cnn = json('pytorch-1.1/target/mnist/evaluation.json')
assert Math.abs(cnn.accuracy - pytorch.cnn) < 1e-9 : "evaluation ${cnn.accuracy}, PyTorch ${pytorch.cnn}"
def comparison = json('pytorch-1.1/target/mnist/comparison.json')
assert comparison.baseline == 'com.example.it:pytorch-digits:1.0'
assert Math.abs(comparison.baselineAccuracy - pytorch.mlp) < 1e-9
assert Math.abs(comparison.accuracy - pytorch.cnn) < 1e-9
assert comparison.passed == true
def card = json('pytorch-1.1/target/mnist/model-card.json')
assert card.fingerprint == sha256(new File(basedir, 'pytorch/cnn.onnx'))
assert card.evaluation.accuracy == cnn.accuracy
assert card.operators == null && card.layers.contains('Conv')
def installed = new File(localRepositoryPath, 'com/example/it/pytorch-digits/1.1/pytorch-digits-1.1-model.onnx')
assert sha256(installed) == sha256(new File(basedir, 'pytorch/cnn.onnx'))
assert new File(basedir, 'pytorch-1.1/target/mnist/report/index.html').text.contains('pytorch-digits-1.1-model.onnx')
need('model file models/digits.onnx taken instead of training')
need('outputs taken as logits (rows do not sum to 1), softmax applied')
need('no significant drop below the baseline com.example.it:pytorch-digits:1.0')

// Each DL4J model's own ONNX file (the presets, and a network with every layer kind), against its zip on all 10,000
// test images: the same class for every image, probabilities within 1e-5. The build keeps both files' predictions,
// by SHA-256, in target/mnist/scores/.
['mlp', 'cnn', 'kinds'].each { m ->
    def exported = json("dl4j-onnx/${m}/target/mnist/comparison.json")
    assert exported.baseline == "com.example.it:dl4j-${m}:1.0"
    assert exported.candidateOnlyCorrect == 0 && exported.baselineOnlyCorrect == 0 : m
    assert exported.accuracy == exported.baselineAccuracy
    assert json("dl4j-onnx/${m}/target/mnist/evaluation.json").confusionMatrix ==
            json("dl4j-1.0/${m}/target/mnist/evaluation.json").confusionMatrix : m
    def onnxFile = new File(basedir, "dl4j-onnx/${m}/target/onnx-${m}-1.0-model.onnx")
    def scores = new File(basedir, "dl4j-onnx/${m}/target/mnist/scores").listFiles()
    assert scores.size() == 2 : "${m}: the ONNX file's predictions and the baseline zip's: ${scores}"
    def onnx = new JsonSlurper().parse(scores.find { it.name == "${sha256(onnxFile)}.json" })
    def dl4j = new JsonSlurper().parse(scores.find { it.name != "${sha256(onnxFile)}.json" })
    assert onnx.scorer.endsWith('ONNX Runtime') && dl4j.scorer.contains('kernels')
    assert onnx.predicted.size() == 10000 && dl4j.predicted.size() == 10000
    assert onnx.predicted == dl4j.predicted : "${m}: some test image is classified differently"
    (0..<10000).each { i ->
        assert Math.abs(onnx.probability[i] - dl4j.probability[i]) <= 1e-5 : "${m}: image ${i}"
    }
}
def kinds = json('dl4j-onnx/kinds/target/mnist/model-card.json').layers
assert kinds.containsAll(['Conv', 'BatchNormalization', 'AveragePool', 'MaxPool', 'Gemm', 'Tanh', 'Elu', 'Selu', 'LeakyRelu', 'Softmax'])
need('outputs taken as probabilities (every row sums to 1)')
return true
