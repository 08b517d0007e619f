// Two trainings with the same seed, data and settings give byte-identical model zips; the clock's figures stay
// out of the zip and in target/mnist/.
import java.security.MessageDigest
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def count = { String p -> (log =~ p).count }
assert count(/\[mnist\] .*trained by the convolution step \(mnist\.kernels=auto\)/) == 2 : 'trained twice, compiled'
assert count(/\[mnist\] gate passed/) == 2

def sha256 = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }
def first = new File(basedir, 'first/reproducible-model-1.0-model.zip')
def second = new File(basedir, 'second/reproducible-model-1.0-model.zip')
assert first.isFile() && second.isFile()
assert sha256(first) == sha256(second) : "the zips differ: ${sha256(first)} and ${sha256(second)}"

def zip = new ZipFile(first)
try {
    zip.entries().each { e -> assert e.timeLocal.toString() == '1980-02-01T00:00' : "${e.name} is stamped ${e.timeLocal}" }
    def card = new groovy.json.JsonSlurper().parse(zip.getInputStream(zip.getEntry('model-card.json')))
    assert !card.containsKey('createdAt') && !card.containsKey('trainingSeconds')
    assert card.history.every { !it.containsKey('seconds') }
    assert card.evaluation.accuracy > 0.5 && !card.evaluation.containsKey('seconds') : 'the evaluation, without its seconds'
} finally {
    zip.close()
}
['first', 'second'].each { dir ->
    def local = new groovy.json.JsonSlurper().parse(new File(basedir, "${dir}/mnist/model-card.json"))
    assert local.createdAt ==~ /\d{4}-\d\d-\d\dT.*/ : "${dir}: target/mnist keeps when it was made"
    assert local.trainingSeconds > 0 && local.evaluation.seconds > 0
}
return true
