// `mvn help:describe -Dplugin=mnist -Ddetail` shows the XML examples of the goal documentation intact.
def log = new File(basedir, 'build.log').text.replaceAll(/\s+/, ' ') // help:describe wraps its lines
def need = { String s -> if (!log.contains(s)) throw new AssertionError("build.log lacks: " + s) }
need('mnist:evaluate')
need('mnist:report')
need('or custom with <layers>.')
need('<layer><type>conv2d</type><filters>32</filters><kernel>3</kernel></layer>')
need('<limit><metric>recall</metric><label>each</label><minimum>0.97</minimum></limit>')
need('each <limit> has a <metric>')
need('<hyperParameter><name>units</name><type>int</type>')
