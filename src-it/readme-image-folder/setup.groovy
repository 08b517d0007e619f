// Draws a user's own images: three classes (red, green, blue), 80 pictures each, 80x60 PNG, a blob of the class's
// colour on a noisy dark background, seeded.
import javax.imageio.ImageIO
import java.awt.Color
import java.awt.image.BufferedImage

def random = new Random(3)
def colours = [red: new Color(220, 40, 40), green: new Color(40, 200, 60), blue: new Color(50, 80, 230)]
colours.each { name, c ->
    def folder = new File(basedir, "src/main/images/${name}")
    folder.mkdirs()
    80.times { i ->
        def image = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB)
        int cx = 20 + random.nextInt(40), cy = 15 + random.nextInt(30)
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 80; x++) {
                boolean blob = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 150
                int n = random.nextInt(50)
                image.setRGB(x, y, blob ? c.getRGB() : new Color(n, n, n).getRGB())
            }
        }
        ImageIO.write(image, 'png', new File(folder, String.format('%03d.png', i)))
    }
}
return true
