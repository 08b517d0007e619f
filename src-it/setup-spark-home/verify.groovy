def jars = new File(itSparkHome, 'jars')
def names = jars.list() as List
assert names.any { it.startsWith('spark-core_2.12-') } : "no spark-core in ${jars}: ${names}"
assert names.any { it.startsWith('slf4j-api-2.') } : "no SLF4J 2 in ${jars}: ${names}"
assert !names.any { it.contains('mnist') || it.startsWith('deeplearning4j') || it.startsWith('nd4j') } : "the plugin's jars must travel from the driver, not be installed: ${names}"
return true
