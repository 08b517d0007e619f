// Trains two small networks on MNIST with Debian's PyTorch (python3-torch), measures their test accuracy there, and
// exports them with torch.onnx.export into pytorch/. The MNIST files are those the setup-cache IT verified.
def python = System.getenv('PYTHON') ?: '/usr/bin/python3'
def out = new File(basedir, 'pytorch')
def command = [python, new File(basedir, 'train.py').path, new File(itCache, 'mnist').path, out.path]
def process = command.execute(null, basedir)
def log = new StringBuilder()
process.consumeProcessOutput(log, log)
int code = process.waitFor()
new File(basedir, 'pytorch-train.log').text = log.toString()
if (code != 0) {
    throw new AssertionError("${command.join(' ')} failed (exit ${code}; python3-torch installed?):\n${log}")
}
println log
// Version 1.1 takes the CNN as the README's snippet names it.
def models = new File(basedir, 'pytorch-1.1/models')
models.mkdirs()
new File(models, 'digits.onnx').bytes = new File(out, 'cnn.onnx').bytes
return new File(out, 'accuracy.json').isFile() && new File(out, 'cnn.onnx').isFile()
