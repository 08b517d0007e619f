// The build whose Spark driver was killed failed saying so and how to go on; the rebuild resumed the search with
// the completed trials kept byte for byte, ran the rest on local[2], and left the files a local search leaves.
import groovy.json.JsonSlurper

def killed = new File(basedir, 'killed-run.log').text
def killedNeed = { String s -> if (!killed.contains(s)) throw new AssertionError("killed-run.log lacks: " + s + "\n" + killed) }
killedNeed('[mnist] 2 trials at a time, as tasks of Spark (local[2])')
killedNeed('the Spark driver for local[2] ended with exit status 137 (killed by signal 9)')
killedNeed('/tuning: run the build again to resume the search')
killedNeed('BUILD FAILURE')
assert !(killed =~ /tuning done/).find() : 'the first build finished its search before the kill'

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
assert (log =~ /\[mnist\] resuming the search in \S+: [1-3] trial\(s\) done, [0-9] interrupted/).find() : 'not resumed'
need('tuning done (random): 4 trial(s) in all')
need('[mnist] using tuned hyperparameters from')
need('BUILD SUCCESS')

def tuning = new File(basedir, 'target/mnist/tuning')
def kept = basedir.listFiles().findAll { it.name.startsWith('completed-before-kill-') }
assert !kept.isEmpty()
kept.each { copy ->
    def id = copy.name - 'completed-before-kill-' - '.json'
    assert new File(tuning, "${id}/trial.json").bytes == copy.bytes : "${id} was changed by the resumed search"
}
['oracle.json', 'results.md', 'best-hyperparameters.json'].each { assert new File(tuning, it).isFile() : it }
def slurper = new JsonSlurper()
(0..3).each { n ->
    def trial = slurper.parse(new File(tuning, String.format('trial_%03d/trial.json', n)))
    assert trial.status == 'COMPLETED' : trial
    assert trial.ranOn.executor == 'driver' && trial.ranOn.threads == 1 : trial.ranOn
}
def best = slurper.parse(new File(tuning, 'best-hyperparameters.json'))
assert best.values.units in [32, 64, 96] && best.tuner == 'random' : best
assert new File(basedir, 'target/spark-driver-killed-1.0-model.zip').isFile()
// The driver kept the finished search in the model cache, as a zip of the tuning folder, beside the trained model.
def cached = new File(basedir, 'models').listFiles().findAll { it.name ==~ /[0-9a-f]{64}\.zip/ }
def searches = cached.findAll { new java.util.zip.ZipFile(it).withCloseable { z -> z.getEntry('oracle.json') != null } }
assert cached.size() == 2 && searches.size() == 1 : "a search and a model: ${cached*.name}"
new java.util.zip.ZipFile(searches[0]).withCloseable { z -> (0..3).each { n -> assert z.getEntry(String.format('trial_%03d/trial.json', n)) } }
return true
