// A per-class limit that a short run cannot meet: one line per violating class, in the accuracy gate's wording.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
def failing = eval.perClass.findAll { it.recall < 0.95 }
assert failing.size() >= 2 : "a 500-image run misses 95% recall on several classes: ${eval.perClass*.recall}"
failing.each { c ->
    def line = String.format(Locale.ROOT, '[WARNING] [mnist] recall of class %d is ', c.label)
    if (!log.contains(line)) throw new AssertionError("build.log lacks: " + line)
}
def lines = (log =~ /\[WARNING\] \[mnist\] recall of class \d is 0\.\d{4}, but expected minimum is 0\.9500/).count
assert lines == failing.size() : "one warning line per violating class, ${lines} for ${failing.size()}"
assert !log.contains('macro F1 is') : 'the macro F1 limit is met'
assert eval.passed == false
assert eval.violations.size() == failing.size()
assert eval.limits == ['test accuracy >= 0.5000', 'recall of each class >= 0.9500', 'macro F1 >= 0.5000']
assert eval.accuracyInterval.low < eval.accuracy && eval.accuracy < eval.accuracyInterval.high
assert eval.perClass.every { it.recallInterval.low <= it.recall && it.recall <= it.recallInterval.high }
if (!log.contains('BUILD FAILURE')) throw new AssertionError('build.log lacks: BUILD FAILURE')
return true
