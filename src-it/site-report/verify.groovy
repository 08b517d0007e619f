// `mvn verify site` puts the HTML report on the site, under target/site/mnist/, linked from "Project Reports".
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
need('[mnist] gate passed: test accuracy')
need('[mnist] report: ' + new File(basedir, 'target/mnist/report/index.html'))
// mnist:report run on its own (after the site) writes the same folder; with a fixed output timestamp, as in a
// reproducible build.
need('[mnist] report: ' + new File(basedir, 'target/site/mnist/index.html'))
if (log.contains('NoClassDefFoundError')) throw new AssertionError('a class is missing')

def site = new File(basedir, 'target/site/mnist')
def index = new File(site, 'index.html')
assert index.isFile()
def html = index.text
assert html.contains('id="evaluation"')
assert html.contains('id="dataset"')
def images = (html =~ /<img src="([^"]+)"/).collect { it[1] }
assert images.size() >= 6
images.each { assert new File(site, it).length() > 0 : "missing beside the report: " + it }

def reports = new File(basedir, 'target/site/project-reports.html')
assert reports.isFile()
assert reports.text.contains('mnist/index.html') : 'Project Reports links the report'
assert reports.text.contains('MNIST model')
