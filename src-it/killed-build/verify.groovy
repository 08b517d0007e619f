// A build killed (SIGKILL) during training: the rebuild resumes from the last checkpoint, says so, and installs
// a complete model; the killed build never wrote or installed one.
import groovy.json.JsonSlurper

def killed = new File(basedir, 'killed-run.log').text
if (!killed.contains('[mnist] train epoch 1/3: loss')) throw new AssertionError("killed build did not train:\n" + killed)
if (killed.contains('BUILD SUCCESS') || killed.contains('[mnist] trained in')) {
    throw new AssertionError("the first build was not killed during training:\n" + killed)
}

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
needMatch(/\[mnist\] resuming from checkpoint \S+checkpoint\.zip after epoch [12] of 3 \(inputs unchanged\)/)
needNot('[mnist] train epoch 1/3: loss')
need('[mnist] train epoch 3/3: loss')
need('[mnist] gate passed')
need('BUILD SUCCESS')

def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.epochs == 3 && card.history.size() == 3
assert !new File(basedir, 'target/mnist/checkpoints').exists() : 'checkpoint removed once the model was written'
def leftovers = []
new File(basedir, 'target').eachFileRecurse { if (it.name.endsWith('.tmp')) leftovers << it }
assert leftovers.isEmpty() : "temporary files left: ${leftovers}"
assert new File(localRepositoryPath, 'com/example/it/killed-build/1.0/killed-build-1.0-model.zip').isFile()
return true
