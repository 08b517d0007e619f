// The JVM does not create its temporary folder: Files.createTempFile would fail without it.
def tmp = new File(basedir, 'tmp')
tmp.mkdirs()
return tmp.isDirectory()
