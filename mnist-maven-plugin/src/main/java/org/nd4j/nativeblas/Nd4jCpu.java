package org.nd4j.nativeblas;

/**
 * Compatibility bridge for Deeplearning4j 1.0.0-M2.1, whose oneDNN layer helpers
 * ({@code BaseMKLDNNHelper.mklDnnEnabled()}) look up {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()}
 * by reflection, while that release ships the class as
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with the method {@code isUseONEDNN()}.
 * Without this class the lookup fails and convolution and pooling never use oneDNN (4x slower training).
 */
public final class Nd4jCpu {

    private Nd4jCpu() {}

    /** The name and method DL4J's helpers look for, answered by the real bindings. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance()
                    .isUseONEDNN();
        }
    }
}
