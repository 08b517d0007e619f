// Starts the same build in its own Maven process and kills it with SIGKILL once training has written its
// first checkpoint; the invoker's build of this project then has to pick up from there.
import java.util.concurrent.TimeUnit

def mavenHome = new File(System.getProperty('maven.home'))
def windows = System.getProperty('os.name').toLowerCase().contains('win')
def mvn = new File(mavenHome, windows ? 'bin/mvn.cmd' : 'bin/mvn')
def settings = new File(basedir.parentFile, 'interpolated-settings.xml')
def output = new File(basedir, 'killed-run.log')
def command = [mvn.path, '-B', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}",
               "-Dmnist.cacheDirectory=${itCache}", 'install']
def process = new ProcessBuilder(command.collect { it.toString() }).directory(basedir)
        .redirectErrorStream(true).redirectOutput(output).start()
def checkpoint = new File(basedir, 'target/mnist/checkpoints/checkpoint.zip')
def deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
try {
    while (!checkpoint.exists()) {
        if (!process.isAlive()) {
            throw new AssertionError("the build to be killed ended by itself:\n" + output.text)
        }
        if (System.nanoTime() > deadline) {
            throw new AssertionError("no checkpoint within 5 minutes:\n" + output.text)
        }
        Thread.sleep(20)
    }
} finally {
    process.toHandle().descendants().each { it.destroyForcibly() }
    process.destroyForcibly()
    process.waitFor()
}
println "killed the build after its first checkpoint (exit status ${process.exitValue()})"
return true
