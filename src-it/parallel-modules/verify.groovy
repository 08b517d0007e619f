// Two model modules built at once (-T 2) give each the fingerprint and the weights it gets when built alone.
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def count = { String p -> (log =~ p).count }
assert count(/\[mnist\] .*trained by the convolution step \(mnist\.kernels=auto\)/) == 2 : 'the cnn trained twice'
assert count(/\[mnist\] .*trained by the dense step \(mnist\.kernels=auto\)/) == 2 : 'the mlp trained twice'
assert count(/\[mnist\] gate passed/) == 4

def weights = { File zip ->
    def z = new ZipFile(zip)
    try {
        return z.getInputStream(z.getEntry('coefficients.bin')).bytes.encodeHex().toString()
    } finally {
        z.close()
    }
}
['digits-cnn', 'digits-mlp'].each { module ->
    def parallel = new File(basedir, "${module}/build-parallel")
    def alone = new File(basedir, "${module}/build-alone")
    def slurp = { File dir -> new groovy.json.JsonSlurper().parse(new File(dir, 'mnist/model-card.json')) }
    def a = slurp(parallel)
    def b = slurp(alone)
    assert a.fingerprint ==~ /[0-9a-f]{64}/
    assert a.fingerprint == b.fingerprint : "${module}: fingerprint ${a.fingerprint} beside the other module, ${b.fingerprint} alone"
    assert a.trainingInputs.threads == b.trainingInputs.threads && a.trainingInputs.shards == b.trainingInputs.shards
    assert weights(new File(parallel, "${module}-1.0-model.zip")) == weights(new File(alone, "${module}-1.0-model.zip")) :
            "${module}: the weights differ between the parallel build and the build alone"
    assert a.evaluation.accuracy == b.evaluation.accuracy
}
return true
