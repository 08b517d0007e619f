// An invalid threshold fails at once, before any training, naming the setting, value and what is allowed.
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
need("Invalid minAccuracy '1.5': use a fraction from 0 to 1 such as 0.99, or a percentage from 0% to 100% such as 99%")
need('-Dmnist.minAccuracy=<value>')
needNot('[mnist] training')
needNot('[mnist] trying source')
return true
