// The search ran on the standalone cluster, survived the executor killed mid-trial (Spark ran the task again),
// kept every trial as a local search keeps them, and handed its best to train. Then the cluster is stopped.
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
    def killed = new File(basedir, 'killed-executor.txt')
    assert killed.isFile() : 'no executor was killed'
    def (executorId, trialId) = killed.text.trim().split(' ')
    need('[mnist] starting the Spark driver for spark://127.0.0.1:')
    need('jar(s) of the plugin sent to each executor')
    need('2 trials at a time, as tasks of Spark (spark://127.0.0.1:')
    assert (log =~ /\[spark\] (WARN|ERROR) \S+: Lost (executor|task)/).find() : 'Spark did not report the lost executor'
    need('tuning done (random): 3 trial(s) in all, 3 run now, 0 failed')
    need('[mnist] using tuned hyperparameters from')
    need('BUILD SUCCESS')

    def tuning = new File(basedir, 'target/mnist/tuning')
    ['oracle.json', 'results.md', 'best-hyperparameters.json'].each { assert new File(tuning, it).isFile() : it }
    def slurper = new JsonSlurper()
    (0..2).each { n ->
        def trial = slurper.parse(new File(tuning, String.format('trial_%03d/trial.json', n)))
        assert trial.status == 'COMPLETED' : trial
        assert trial.metrics.size() == 2 : trial
        assert trial.ranOn.executor ==~ /\d+/ : "ran on an executor of the cluster: ${trial.ranOn}"
        assert trial.ranOn.threads == 1 && trial.ranOn.nativeBuild : trial.ranOn
        if (trial.id == trialId) {
            assert trial.ranOn.executor != executorId : "${trialId} was run again elsewhere than on the killed executor ${executorId}"
        }
    }
    def oracle = slurper.parse(new File(tuning, 'oracle.json'))
    assert oracle.state.completed == 3 && oracle.state.failed == 0 && oracle.trials == ['trial_000', 'trial_001', 'trial_002'] : oracle
    assert new File(basedir, 'target/spark-standalone-1.0-model.zip').isFile()
} finally {
    def pids = new File(basedir, 'cluster.pids')
    (pids.exists() ? pids.readLines() : []).each { pid ->
        ProcessHandle.of(pid as long).ifPresent { p -> p.descendants().each { it.destroyForcibly() }; p.destroyForcibly() }
    }
}
return true
