// MNIST's images as PNG folders (files named by their index) convert back to MNIST's very IDX files, so the network
// trained on them is the network trained on the IDX files: the same accuracy, the same prediction for every test image.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def count = { String s -> log.count(s) }
def json = { String path -> new JsonSlurper().parse(new File(basedir, path)) }

// What the fetch goal saw: the same images, class by class, as in the IDX files.
def fromIdx = json('idx/target/mnist/dataset.json')
def fromFolders = json('folders/target/mnist/dataset.json')
assert fromFolders.dataset == 'folder'
assert fromFolders.classNames == ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']
assert fromFolders.imageShape == [28, 28] && fromFolders.channels == 1
assert fromFolders.sourceSha256 ==~ /[0-9a-f]{64}/
for (split in ['train', 'test']) {
    assert fromFolders[split].examples == fromIdx[split].examples
    assert fromFolders[split].classCounts == fromIdx[split].classCounts
    assert fromFolders[split].pixelMean == fromIdx[split].pixelMean
    assert fromFolders[split].pixelStd == fromIdx[split].pixelStd
    assert fromFolders[split].blankImages == fromIdx[split].blankImages
}
assert !fromFolders.inkIsLight && fromIdx.inkIsLight

// Decoded once (invocation 2), hashed and read back from the cache after (every later goal, and invocation 3).
need('image folder ')
need('(60,000 training and 10,000 test images in 10 classes; train/ and test/; SHA-256 ')
assert count('decoding every image to 28x28 grayscale') == 1
assert count(': its 28x28 grayscale files verified in cache') >= 4
def cached = new File(itCache, 'folders').listFiles().findAll { new File(it, 'dataset.json').isFile() }
assert cached.size() >= 1

// The model knows what it takes and what its classes are called.
def card = json('folders/target/mnist/model-card.json')
assert card.dataset == 'folder'
assert card.inputShape == [channels: 1, height: 28, width: 28]
def idxCard = json('idx/target/mnist/model-card.json')
assert card.datasetSha256 == idxCard.datasetSha256 : 'the converted files are MNIST\'s, byte for byte'
assert card.trainingInputs.networkConfigurationSha256 == idxCard.trainingInputs.networkConfigurationSha256
assert card.classNames == fromFolders.classNames
assert card.input == '[N, 784] float32 pixels scaled to [0, 1], row-major 28x28'

// The IDX-trained model, scored on the folders' test images, scores what it scored on MNIST's test set.
def idxEvaluation = json('idx/target/mnist/evaluation.json')
def comparison = json('folders/target/mnist/comparison.json')
assert comparison.baseline == 'com.example.it:digits-from-idx:1.0'
assert comparison.baselineAccuracy == idxEvaluation.accuracy
def folderEvaluation = json('folders/target/mnist/evaluation.json')
assert folderEvaluation.accuracy == idxEvaluation.accuracy
assert comparison.candidateOnlyCorrect == 0 && comparison.baselineOnlyCorrect == 0 && comparison.pValue == 1.0
assert folderEvaluation.confusionMatrix == idxEvaluation.confusionMatrix
assert folderEvaluation.accuracy >= 0.9
assert folderEvaluation.passed == true
assert comparison.passed == true
need('gate passed: test accuracy >= 0.9000; recall of each class >= 0.8500; no significant drop below the baseline com.example.it:digits-from-idx:1.0')

// Invocation 3: nothing changed, nothing trained.
need('model up to date')
def report = new File(basedir, 'folders/target/mnist/report/index.html').text
assert report.contains('folder, 10 classes, 28x28 grayscale uint8')
assert new File(basedir, 'folders/target/mnist/report/samples.png').isFile()
return true
