// Unchanged inputs take the existing model, from target/ or (after clean) from the model cache; a changed one trains.
def log = new File(basedir, 'build.log').text
def count = { String p -> (log =~ p).count }

assert count(/\[mnist\] train epoch 1\/1: loss/) == 4 : 'trained by builds 1, 4, 5 and 7 only'
assert count(/\[mnist\] model up to date: \S+model-reuse-1\.0-model\.zip has fingerprint [0-9a-f]{64} \(every training input unchanged\)/) == 2
assert count(/\[mnist\] model up to date: fingerprint [0-9a-f]{64} found in the model cache/) == 1
assert count(/\[mnist\] training: the seed \(42 then, 43 now\) changed since model-reuse-1\.0-model\.zip was trained/) == 1
assert count(/\[mnist\] training \(mnist\.retrain=true\)/) == 1
// mnist:evaluate on its own never evaluates a stale model: it checks the fingerprint first (builds 6 and 7).
assert count(/\[mnist\] mnist:train did not run in this build: checking that \S+model-reuse-1\.0-model\.zip is the model of the current settings/) == 2
assert count(/\[mnist\] training: the seed \(43 then, 44 now\) changed since model-reuse-1\.0-model\.zip was trained/) == 1
assert count(/\[mnist\] gate passed/) == 7 : 'evaluation runs in every build'
def card = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.seed == 44 && card.evaluation.accuracy > 0.5 : 'the model evaluated last is the one trained with seed 44'
def cached = new File(basedir, 'models').listFiles().findAll { it.name ==~ /[0-9a-f]{64}\.zip/ }
assert cached.size() == 3 : "one model per fingerprint: ${cached*.name}"
assert new File(localRepositoryPath, 'com/example/it/model-reuse/1.0/model-reuse-1.0-model.zip').isFile()
return true
