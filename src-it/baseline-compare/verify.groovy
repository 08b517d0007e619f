// Version 1.1 is compared with version 1.0, resolved from the file: repository that `mvn deploy` wrote.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }

// 1.0 was deployed, not installed: the later builds found it in the remote repository only.
def remote = new File(basedir, 'remote-repo/com/example/it/baseline-model/1.0/baseline-model-1.0-model.zip')
assert remote.isFile()
assert !new File(localRepositoryPath, 'com/example/it/baseline-model/1.0/baseline-model-1.0-model.zip.lastUpdated').exists() ||
        new File(localRepositoryPath, 'com/example/it/baseline-model/1.0/baseline-model-1.0-model.zip').isFile()

// 1.1, trained as 1.0 was: the same predictions, no discordant pair, p = 1.
def same = new JsonSlurper().parse(new File(basedir, 'v1.1-same/target/mnist/comparison.json'))
assert same.baseline == 'com.example.it:baseline-model:1.0'
assert same.candidateOnlyCorrect == 0 && same.baselineOnlyCorrect == 0
assert same.pValue == 1.0
assert same.passed == true
need('no significant drop below the baseline com.example.it:baseline-model:1.0')

// The weaker 1.1 resolved the range to 1.0 and failed naming it, with the contract's wording.
needMatch(/test accuracy is 0\.\d{4}, 0\.\d{4} below the baseline com\.example\.it:baseline-model:1\.0 \(0\.\d{4}\), more than the allowed 0\.0020 \(McNemar p = 0\.0000\)/)
def weaker = new JsonSlurper().parse(new File(basedir, 'v1.1-weaker/target/mnist/comparison.json'))
assert weaker.passed == false
assert weaker.baselineOnlyCorrect > weaker.candidateOnlyCorrect
assert weaker.pValue < 0.05
def eval = new JsonSlurper().parse(new File(basedir, 'v1.1-weaker/target/mnist/evaluation.json'))
assert eval.passed == false
need('BUILD FAILURE')
return true
