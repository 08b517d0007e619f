// An invalid threshold fails at once, before any training, naming the setting, value and what is allowed.
def log = new File(basedir, 'build.log').text
assert log.contains("Invalid minAccuracy '1.5': use a fraction from 0 to 1 such as 0.99, or a percentage from 0% to 100% such as 99%")
assert log.contains('-Dmnist.minAccuracy=<value>')
assert !log.contains('[mnist] training')
assert !log.contains('[mnist] trying source')
return true
