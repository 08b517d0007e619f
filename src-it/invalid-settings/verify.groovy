// An unknown optimizer fails at once, naming the setting, value and allowed values.
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
need("Invalid optimizer 'lbfgs': allowed values are adam, sgd, nesterovs, rmsprop, adagrad, adadelta")
need('-Dmnist.optimizer=<value>')
needNot('[mnist] training')
return true
