// Draws a folder bigger than the build's memory: four classes (red, green, blue, yellow), 12,000 pictures each,
// 64x64 RGB PNG, a disc of the class's colour at a seeded place on a dim, seeded gradient. On two threads.
import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

def colours = [red: [220, 40, 40], green: [40, 200, 60], blue: [50, 80, 230], yellow: [230, 210, 40]]
int perClass = 12_000
int side = 64
def pool = Executors.newFixedThreadPool(2)
def futures = []
colours.eachWithIndex { name, rgb, c ->
    def folder = new File(basedir, "images/${name}")
    folder.mkdirs()
    2.times { half ->
        futures << pool.submit({
            def random = new Random(c * 2 + half)
            int[] pixels = new int[side * side * 3]
            def image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB)
            for (int i = half * perClass / 2; i < (half + 1) * perClass / 2; i++) {
                int cx = 12 + random.nextInt(40), cy = 12 + random.nextInt(40), r2 = 40 + random.nextInt(60)
                int gx = random.nextInt(3), gy = random.nextInt(3)
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int at = (y * side + x) * 3
                        boolean disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r2
                        int back = (x * gx + y * gy) >> 2
                        for (int k = 0; k < 3; k++) {
                            pixels[at + k] = disc ? rgb[k] : back
                        }
                    }
                }
                image.getRaster().setPixels(0, 0, side, side, pixels)
                ImageIO.write(image, 'png', new File(folder, String.format('%05d.png', i)))
            }
        } as Runnable)
    }
}
pool.shutdown()
futures.each { it.get() }
pool.awaitTermination(1, TimeUnit.MINUTES)
return true
