// Copies the shared verified cache into this IT's private cache and corrupts one file in it.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def shared = new File(itCache, 'mnist')
def mine = new File(basedir, 'cache/mnist')
mine.mkdirs()
shared.listFiles().findAll { it.isFile() && !it.name.startsWith('.') }.each {
    Files.copy(it.toPath(), new File(mine, it.name).toPath(), StandardCopyOption.REPLACE_EXISTING)
}
def labels = new File(mine, 'train-labels-idx1-ubyte')
byte[] bytes = labels.bytes
bytes[100] = (byte) ((bytes[100] + 1) % 10)   // still a valid label: only the checksum can tell
labels.bytes = bytes
return true
