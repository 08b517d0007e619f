// ONNX Runtime must not come with the plugin: start from an ITs' repository without it (a rerun keeps the one that
// IT gate-pytorch-model fetched), so that verify.groovy sees whether this build's plugin resolution fetched it.
new File(localRepositoryPath, 'com/microsoft/onnxruntime').deleteDir()
return true
