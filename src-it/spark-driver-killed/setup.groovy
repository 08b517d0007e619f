// Runs this build in a Maven process of its own and, once a trial has completed and another runs, kills the
// Spark driver that mnist:tune forked (SIGKILL). That build must fail saying so; the invoker's build then resumes.
import groovy.json.JsonSlurper
import java.util.concurrent.TimeUnit

def mavenHome = new File(System.getProperty('maven.home'))
def mvn = new File(mavenHome, 'bin/mvn')
def settings = new File(basedir.parentFile, 'interpolated-settings.xml')
def output = new File(basedir, 'killed-run.log')
def command = [mvn.path, '-B', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}",
               "-Dmnist.cacheDirectory=${itCache}", '-Dmnist.modelCache=none', 'verify']
def process = new ProcessBuilder(command.collect { it.toString() }).directory(basedir)
        .redirectErrorStream(true).redirectOutput(output).start()
def oracle = new File(basedir, 'target/mnist/tuning/oracle.json')
def deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
try {
    def killed = null
    while (killed == null) {
        if (!process.isAlive()) throw new AssertionError("the build to be killed ended by itself:\n" + output.text)
        if (System.nanoTime() > deadline) throw new AssertionError("no completed trial within 5 minutes:\n" + output.text)
        def state = oracle.exists() ? new JsonSlurper().parse(oracle).state : null
        if (state != null && state.completed >= 1 && state.running != null) {
            def driver = process.toHandle().descendants().filter { ph ->
                ph.info().arguments().map { it.join(' ') }.orElse('').contains('SparkTuningDriver') ||
                        ph.info().commandLine().orElse('').contains('driver.args')
            }.findFirst()
            if (driver.isPresent()) {
                killed = driver.get()
                // What was completed when the driver died, to compare with after the resumed build.
                new File(basedir, 'target/mnist/tuning').eachFileMatch(~/trial_\d+/) { dir ->
                    def trial = new File(dir, 'trial.json')
                    if (trial.exists() && new JsonSlurper().parse(trial).status == 'COMPLETED') {
                        new File(basedir, "completed-before-kill-${dir.name}.json").bytes = trial.bytes
                    }
                }
                killed.destroyForcibly()
            }
        }
        Thread.sleep(20)
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) throw new AssertionError("the build lived on after its driver was killed")
} finally {
    process.toHandle().descendants().each { it.destroyForcibly() }
    process.destroyForcibly()
    process.waitFor()
}
println "killed the Spark driver after a completed trial; the build ended with exit status ${process.exitValue()}"
return true
