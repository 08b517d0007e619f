// Each goal reads only its own settings; the plugin's first goal in a build checks those of the goals after it.
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def count = { String p -> (log =~ p).count }
assert count(/\[mnist\] mnist: 60,000 training and 10,000 test images/) == 1 : 'the fetch alone ran and summarised the dataset'
need("Invalid epochs '-1': must be a whole number from 1 to 10000")
need('-Dmnist.epochs=<value>')
assert count(/Invalid minAccuracy/) == 0 : 'the fetch alone did not read minAccuracy'
need("Invalid gateMode 'never': allowed values are estimate, confident, tolerant")
assert (log =~ /Failed to execute goal \S+:train \(default-cli\)/).find() : 'mnist:train failed on the gate setting of mnist:evaluate'
assert count(/\[mnist\] train epoch/) == 0 : "nothing trained"
assert count(/\[mnist\] training \S+ \([\d,]+ parameters\)/) == 0 : "nothing trained"
return true
