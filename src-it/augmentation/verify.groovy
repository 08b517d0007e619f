// Every augmentation trains a model that passes its gate; the report shows the grid of augmented training images.
import groovy.json.JsonSlurper
import javax.imageio.ImageIO

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def all = 'randomFlip=horizontal_and_vertical,randomRotation=0.03,randomZoom=0.1,randomTranslation=0.1,randomContrast=0.3,randomBrightness=0.1'
need("[mnist] augmentation (${all}): ")
assert (log =~ /\[mnist\] gate passed: test accuracy >= 0\.5000/).count == 2 : 'both builds pass the gate'
assert (log =~ /\[mnist\] augmentation \(/).count == 1 : 'the second build augments nothing'

// After the second build: no augmentation in the card, no stale grid, and a fingerprint of its own.
def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.hyperParameters.augmentation == null
assert !new File(basedir, 'target/mnist/augmentation.png').exists()
assert !new File(basedir, 'target/mnist/report/index.html').text.contains('augmentation.png')
return true
