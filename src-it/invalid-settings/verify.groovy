// An unknown optimizer fails at once, naming the setting, value and allowed values.
def log = new File(basedir, 'build.log').text
assert log.contains("Invalid optimizer 'lbfgs': allowed values are adam, sgd, nesterovs, rmsprop, adagrad, adadelta")
assert log.contains('-Dmnist.optimizer=<value>')
assert !log.contains('[mnist] training')
return true
