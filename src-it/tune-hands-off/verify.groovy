// A tiny search completes, writes its files, hands its best values to train, and a second run resumes it
// without adding a trial.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def tuning = new File(basedir, 'target/mnist/tuning')
def json = new JsonSlurper()

// The search: two completed trials, oracle.json, results table and the summary in the log.
assert log.contains('[mnist] random search, objective val_accuracy (max): up to 2 trial(s)')
assert log =~ /\[mnist\] tuning the mlp model on mnist: \d+ training and \d+ validation images \(20% of the first 1,000 training images, stratified, seed 42\); the test set is not used/
['trial_000', 'trial_001'].each { id ->
    def trial = json.parse(new File(tuning, "${id}/trial.json"))
    assert trial.status == 'COMPLETED'
    assert trial.metrics.size() == 1
    assert trial.hyperParameters.units in [32, 64]
    assert trial.hyperParameters.learning_rate in [0.01, 0.001]
    assert trial.score > 0.3
}
assert !new File(tuning, 'trial_002').exists()
def oracle = json.parse(new File(tuning, 'oracle.json'))
assert oracle.search.tuner == 'random'
assert oracle.state.trials == 2
def best = json.parse(new File(tuning, 'best-hyperparameters.json'))
assert best.model == 'mlp'
assert best.trial == oracle.state.bestTrial
assert new File(tuning, 'results.md').text.contains('| rank | trial | status | val_accuracy |')
assert log.contains('[mnist]   rank  trial')
assert log.contains('[mnist] best: ' + best.trial)

// The hand-off: train says where its values came from, and so does the model card.
def bestFile = new File(tuning, 'best-hyperparameters.json').canonicalFile
assert log.contains('[mnist] using tuned hyperparameters from ')
assert log =~ /\[mnist\] training mlp .* hyperparameters from .*best-hyperparameters\.json/
def card = json.parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.hyperParameterSource == "target/mnist/tuning/best-hyperparameters.json" : "relative to the project, no machine path"
assert new File(basedir, card.hyperParameterSource).canonicalFile == bestFile
assert card.hyperParameters.units == best.values.units
assert card.hyperParameters.learning_rate == best.values.learning_rate

// The second build resumed the finished search and trained nothing new.
assert log.contains('[mnist] resuming the search in ')
assert log.contains('2 trial(s) done, 0 interrupted')
assert log.contains('[mnist] tuning done (random): 2 trial(s) in all, 0 run now, 0 failed; maxTrials=2 reached')
return true
