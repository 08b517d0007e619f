package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendTest {

    @TempDir
    Path dir;

    @Test
    void namesAreCheckedWithTheAllowedValues() {
        assertEquals(Backend.CPU, Backend.fromId(" CPU "));
        assertEquals(Backend.CUDA, Backend.fromId("cuda"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Backend.fromId("cudaa"));
        assertTrue(e.getMessage().contains("allowed values are cpu (the default) and cuda"), e.getMessage());
        assertTrue(e.getMessage().endsWith("did you mean 'cuda'?"), e.getMessage());
    }

    @Test
    void cudaWithoutAGpuFailsSayingWhatWasLookedForAndWhatToDo() {
        List<Path> driver = List.of(dir.resolve("proc/driver/nvidia/version"), dir.resolve("dev/nvidiactl"));
        assertDoesNotThrow(() -> Backend.CPU.checkAvailable(driver, dir.toString()));
        Backend.BackendUnavailableException e = assertThrows(
                Backend.BackendUnavailableException.class, () -> Backend.CUDA.checkAvailable(driver, dir.toString()));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "mnist.backend=cuda needs an NVIDIA GPU with its driver, and this machine has none (no "
                                        + driver.get(0) + ", no " + driver.get(1)
                                        + ", no nvidia-smi on the PATH). Use mnist.backend=cpu"),
                e.getMessage());
    }

    @Test
    void aGpuIsSeenByItsDriverFileOrByNvidiaSmiOnThePath() throws Exception {
        Path smi = Files.createFile(
                dir.resolve("nvidia-smi"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertEquals(
                smi.toString(),
                Backend.nvidiaGpu(List.of(dir.resolve("none")), "/nowhere:" + dir)
                        .orElseThrow());
        Path version = Files.writeString(dir.resolve("version"), "NVRM version: 550");
        assertEquals(version.toString(), Backend.nvidiaGpu(List.of(version), "").orElseThrow());
        assertTrue(Backend.nvidiaGpu(List.of(dir.resolve("none")), "/nowhere").isEmpty());
        // With a GPU, the flag still says plainly what this version cannot do yet.
        Backend.BackendUnavailableException e = assertThrows(
                Backend.BackendUnavailableException.class, () -> Backend.CUDA.checkAvailable(List.of(version), ""));
        assertTrue(e.getMessage().contains("an NVIDIA GPU is here (" + version + ")"), e.getMessage());
    }
}
