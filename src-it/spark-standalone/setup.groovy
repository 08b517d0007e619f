// A Spark standalone cluster on 127.0.0.1: a master and two workers of one core each, every one a JVM of its
// own, on the Spark installation that the setup-spark-home IT laid out. The build is pointed at it through
// .mvn/maven.config. A watcher kills (SIGKILL) the executor on which the first trial starts, mid-trial.
// Everything started here is stopped by verify.groovy, and by a shutdown hook when the build fails before it.
import java.util.concurrent.TimeUnit

def sparkHome = new File(itSparkHome)
def java = new File(System.getProperty('java.home'), 'bin/java').path
def moduleOptions = sparkModuleOptions.trim().split(/\s+/) as List
def port = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1')).withCloseable { it.localPort }
def started = []

def start = { String name, List args ->
    def log = new File(basedir, "${name}.log")
    def command = [java, '-Xmx512m'] + moduleOptions + ['-cp', new File(sparkHome, 'jars/*').path] + args
    def pb = new ProcessBuilder(command.collect { it.toString() })
            .directory(basedir).redirectErrorStream(true).redirectOutput(log)
    pb.environment().put('SPARK_HOME', sparkHome.path)
    pb.environment().put('SPARK_SCALA_VERSION', '2.12')
    pb.environment().put('SPARK_LOCAL_IP', '127.0.0.1')
    def p = pb.start()
    started << p
    new File(basedir, 'cluster.pids') << "${p.pid()}\n"
    return log
}
Runtime.runtime.addShutdownHook(new Thread({
    started.each { p -> p.descendants().each { it.destroyForcibly() }; p.destroyForcibly() }
}))

def waitFor = { File log, String text ->
    def deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90)
    while (!(log.exists() && log.text.contains(text))) {
        if (System.nanoTime() > deadline) throw new AssertionError("no '${text}' in ${log} within 90 s:\n" + (log.exists() ? log.text : ''))
        Thread.sleep(200)
    }
}
def master = "spark://127.0.0.1:${port}"
def masterLog = start('master', ['org.apache.spark.deploy.master.Master', '--host', '127.0.0.1', '--port', "${port}", '--webui-port', '0'])
waitFor(masterLog, 'I have been elected leader')
(1..2).each { i ->
    start("worker${i}", ['org.apache.spark.deploy.worker.Worker', '--host', '127.0.0.1', '--cores', '1', '--memory', '1536m',
                         '--webui-port', '0', '--work-dir', new File(basedir, "work${i}").path, master])
}
(1..2).each { waitFor(new File(basedir, "worker${it}.log"), 'Successfully registered with master') }
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dmnist.sparkMaster=${master}\n"

// The watcher: the first executor whose log says a trial started is killed, once.
def watcher = new Thread({
    def deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10)
    while (System.nanoTime() < deadline) {
        def stderr = []
        (1..2).each { i -> new File(basedir, "work${i}").eachFileRecurse { if (it.name == 'stderr') stderr << it } }
        def running = stderr.find { it.text =~ /\[mnist\] info: trial_\d+ started on executor/ }
        if (running != null) {
            def executorId = running.parentFile.name
            def appId = running.parentFile.parentFile.name
            def victim = ProcessHandle.allProcesses().filter { ph ->
                def line = ph.info().arguments().map { it.join(' ') }.orElse('')
                line.contains('CoarseGrainedExecutorBackend') && line.contains("--executor-id ${executorId} ") && line.contains(appId)
            }.findFirst()
            if (victim.isPresent()) {
                def trial = (running.text =~ /(trial_\d+) started on executor/)[0][1]
                victim.get().destroyForcibly()
                new File(basedir, 'killed-executor.txt').text = "${executorId} ${trial}\n"
                return
            }
        }
        Thread.sleep(50)
    }
}, 'kill-an-executor')
watcher.daemon = true
watcher.start()
return true
