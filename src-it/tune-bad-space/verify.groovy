// A search space that makes no sense fails at once, naming the element and the problem.
def log = new File(basedir, 'build.log').text
assert log.contains("Invalid hyperParameters 'units': <hyperParameter> units (int): min 600 is greater than max 512")
assert log.contains("Fix the <hyperParameters> in the plugin's <configuration>")
assert !log.contains('[mnist] trial_000')
assert !log.contains('[mnist] training')
assert !new File(basedir, 'target/mnist/tuning').exists()
return true
