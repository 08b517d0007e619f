// Early stopping holds out 20% of the training images, stops 2 epochs after the lowest val_loss, and the model keeps
// that epoch's weights; the card records the epochs run and the epoch kept.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
need("[mnist] early stopping: after 2 epoch(s) without a better val_loss, keeping the best epoch's weights; 2,400 training and 600 validation images (20% of each class held out)")
need('[mnist] gate passed: test accuracy')

def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.epochs < 40 : "stopped early, after ${card.epochs} epochs"
assert card.epochKept == card.epochs - 2
assert card.history.size() == card.epochs
def losses = card.history.collect { it.validationLoss }
assert losses[card.epochKept - 1] == losses.min() : "the epoch kept has the lowest val_loss: ${losses}"
assert card.hyperParameters.early_stopping == 2
assert card.hyperParameters.early_stopping_objective == 'val_loss'
need("[mnist] early stopping: stopped after ${card.epochs} epoch(s); the model keeps the weights of epoch ${card.epochKept}, the best val_loss")
need("[mnist] train epoch ${card.epochs}/40: ")

def eval = new JsonSlurper().parse(new File(basedir, 'target/mnist/evaluation.json'))
assert eval.passed == true
assert eval.testExamples == 10000
return true
