// A custom layer list from the POM is built, trained and gated.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
def needMatch = { String p -> if (!(log =~ p).find()) throw new AssertionError("build.log matches nothing like: " + p) }
need('[mnist] training custom')
need('[mnist] gate passed')
def card = new JsonSlurper().parse(new File(basedir, 'target/mnist/model-card.json'))
assert card.model == 'custom'
assert card.layers.size() == 6
assert card.layers[0].startsWith('ConvolutionLayer filters=8 kernel=5x5')
assert card.layers[4].startsWith('DropoutLayer')
return true
