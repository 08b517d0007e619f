// Every augmentation trains a model that passes its gate; the report shows the grid of augmented training images.
import groovy.json.JsonSlurper
import javax.imageio.ImageIO

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def all = 'randomFlip=horizontal_and_vertical,randomRotation=0.03,randomZoom=0.1,randomTranslation=0.1,randomContrast=0.3,randomBrightness=0.1'
need("[mnist] augmentation (${all}): ")
assert (log =~ /\[mnist\] gate passed: test accuracy >= 0\.5000/).count == 3 : 'every build passes the gate'
assert (log =~ /\[mnist\] augmentation \(/).count == 2 : 'builds 1 and 3 augment, build 2 does not'
assert (log =~ /\[mnist\] training: the hyperparameter augmentation \(null then, /).count == 1 : 'build 3 retrains: the augmentation changed the fingerprint'

// After the third build: the card says which augmentation, and the report shows the grid.
def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.hyperParameters.augmentation == all
def grid = ImageIO.read(new File(basedir, 'target/mnist/report/augmentation.png'))
assert grid.width == 6 + 8 * (56 + 6) + 3 + 6 && grid.height == 6 + 8 * (56 + 6) : "8 classes, each with 7 draws"
def html = new File(basedir, 'target/mnist/report/index.html').text
assert html.contains('<img src="augmentation.png"')
return true
