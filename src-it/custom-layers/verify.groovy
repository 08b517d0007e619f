// A custom layer list from the POM is built, trained and gated.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('[mnist] training custom')
assert log.contains('[mnist] gate passed')
def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.model == 'custom'
assert card.layers.size() == 6
assert card.layers[0].startsWith('ConvolutionLayer filters=8 kernel=5x5')
assert card.layers[4].startsWith('DropoutLayer')
return true
