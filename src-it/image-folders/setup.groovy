// Writes MNIST's own images, from the IDX files the setup-cache IT verified, as one 8-bit gray PNG per image:
// images/train/<digit>/<index>.png and images/test/<digit>/<index>.png, as a user's own images would lie.
import groovy.transform.CompileStatic

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path

@CompileStatic
static int writePngs(Path images, Path labels, Path target) {
    byte[] pixels = Files.readAllBytes(images)
    byte[] label = Files.readAllBytes(labels)
    int n = label.length - 8
    ImageIO.setUseCache(false)
    for (int i = 0; i < n; i++) {
        Path dir = target.resolve(Integer.toString(label[8 + i]))
        Files.createDirectories(dir)
        BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY)
        png.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(pixels, 16 + i * 784, 16 + (i + 1) * 784))
        ImageIO.write(png, 'png', dir.resolve(String.format('%05d.png', i)).toFile())
    }
    return n
}

Path mnist = new File(itCache, 'mnist').toPath()
Path images = new File(basedir, 'images').toPath()
long start = System.nanoTime()
int train = writePngs(mnist.resolve('train-images-idx3-ubyte'), mnist.resolve('train-labels-idx1-ubyte'), images.resolve('train'))
int test = writePngs(mnist.resolve('t10k-images-idx3-ubyte'), mnist.resolve('t10k-labels-idx1-ubyte'), images.resolve('test'))
println String.format('wrote %,d training and %,d test images as PNG files in %.1f s', train, test, (System.nanoTime() - start) / 1e9)
return train == 60000 && test == 10000
