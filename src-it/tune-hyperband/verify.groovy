// Hyperband with max epochs 2 and factor 2: bracket 1 runs 2 trials of 1 epoch and continues the better
// one (from its saved model) to 2 epochs; bracket 0 runs 2 trials of 2 epochs.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def tuning = new File(basedir, 'target/mnist/tuning')
def json = new JsonSlurper()
assert log.contains('[mnist] hyperband search, objective val_loss (min): max epochs 2, factor 2, 1 iteration(s) of brackets 2x1ep > 1x2ep | 2x2ep: 5 trial(s)')
def trials = (0..4).collect { json.parse(new File(tuning, String.format('trial_%03d/trial.json', it))) }
assert !new File(tuning, 'trial_005').exists()
assert trials.every { it.status == 'COMPLETED' }
assert trials.collect { it.bracket } == [1, 1, 1, 0, 0]
assert trials.collect { it.epochs } == [1, 1, 2, 2, 2]
def continued = trials[2]
def better = [trials[0], trials[1]].min { it.score }
assert continued.continuesFrom == better.id
assert continued.initialEpoch == 1
assert continued.metrics.collect { it.epoch } == [2]
assert continued.hyperParameters == better.hyperParameters
assert new File(tuning, better.id + '/checkpoint.zip').isFile()
// Trials no later trial can continue keep no model.
assert !new File(tuning, trials[3].id + '/checkpoint.zip').exists()
assert !new File(tuning, trials[2].id + '/checkpoint.zip').exists()
assert !log.contains('is gone')
assert log.contains('hyperband ran its 1 iteration(s)')
def best = json.parse(new File(tuning, 'best-hyperparameters.json'))
assert best.objective == 'val_loss' && best.direction == 'min'
assert best.score == trials.collect { it.score }.min()
return true
