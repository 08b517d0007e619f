// mnist.backend=cuda without a GPU fails at once, saying so and naming the flag; nothing was fetched or trained.
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
need('[mnist] mnist.backend=cuda needs an NVIDIA GPU with its driver, and this machine has none (no /proc/driver/nvidia/version, no /dev/nvidiactl, no nvidia-smi on the PATH). Use mnist.backend=cpu, the default')
need('BUILD FAILURE')
needNot('files of mnist verified')
needNot('[mnist] training')
return true
