// Unchanged inputs take the existing model, from target/ or (after clean) from the model cache; a changed one trains.
def log = new File(basedir, 'build.log').text
def count = { String p -> (log =~ p).count }

assert count(/\[mnist\] train epoch 1\/1: loss/) == 3 : 'trained by builds 1, 4 and 5 only'
assert count(/\[mnist\] model up to date: \S+model-reuse-1\.0-model\.zip has fingerprint [0-9a-f]{64} \(every training input unchanged\)/) == 1
assert count(/\[mnist\] model up to date: fingerprint [0-9a-f]{64} found in the model cache/) == 1
assert count(/\[mnist\] training: the seed \(42 then, 43 now\) changed since model-reuse-1\.0-model\.zip was trained/) == 1
assert count(/\[mnist\] training \(mnist\.retrain=true\)/) == 1
assert count(/\[mnist\] gate passed/) == 5 : 'evaluation runs in every build'
def cached = new File(basedir, 'models').listFiles().findAll { it.name ==~ /[0-9a-f]{64}\.zip/ }
assert cached.size() == 2 : "one model per fingerprint: ${cached*.name}"
assert new File(localRepositoryPath, 'com/example/it/model-reuse/1.0/model-reuse-1.0-model.zip').isFile()
return true
