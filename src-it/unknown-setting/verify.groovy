// A misspelled <configuration> element (Maven 3.8 would ignore it, switching the gate off) fails at once.
def log = new File(basedir, 'build.log').text
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
def needNot = { String s -> if (log.contains(s)) throw new AssertionError("build.log has: " + s) }
need("Unknown setting <minAcuracy> in the plugin's <configuration>; did you mean <minAccuracy>?")
need('The settings are: ')
needNot('[mnist] training')
needNot('BUILD SUCCESS')
return true
