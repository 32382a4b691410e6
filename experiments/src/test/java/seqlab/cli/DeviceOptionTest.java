package seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.Device;
import seqlab.engine.Engines;

/** {@code --device} on compare, experiment and bench: a device an engine lacks is a usage error before any work. */
class DeviceOptionTest {
    private static String[] run(String... args) {
        return DoctorCommandTest.run(args);
    }

    private static String firstErrorLine(String[] r) {
        return r[2].lines().findFirst().orElse("");
    }

    @Test
    void aGpuTheEngineLacksFailsBeforeAnyTraining(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        String[] r = run("compare", "--task", "classification", "--models", "lstm", "--device", "gpu", "--out",
                out.toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals("seqlab: --device gpu: no GPU visible to the reference engine (it has [cpu]); the pytorch engine "
                + "runs on NVIDIA GPUs, see ./seqlab doctor", firstErrorLine(r));
        assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing written");
        for (String[] args : new String[][] {{"experiment", "bidirectional", "--device", "gpu:1"},
            {"bench", "--engines", "reference", "--device", "gpu", "--out", dir.resolve("b.csv").toString()}}) {
            r = run(args);
            assertEquals("2", r[0], String.join(" ", args) + ": " + r[1] + r[2]);
            assertTrue(firstErrorLine(r).startsWith("seqlab: --device gpu"), firstErrorLine(r));
        }
        assertEquals(Device.cpu(), Engines.get("reference").defaultDevice());
    }

    @Test
    void onTheLibTorchEngineTheLineNamesTheBuildLoaded() {
        var pytorch = Engines.get("pytorch");
        org.junit.jupiter.api.Assumptions.assumeTrue(pytorch.devices().stream().noneMatch(Device::isGpu),
                "this machine has a GPU: the refusal is tested where there is none, GpuTest runs here");
        String[] r = run("compare", "--engine", "pytorch", "--device", "gpu", "--out", "/proc/seqlab-never-written");
        assertEquals("2", r[0], r[1] + r[2]);
        String line = firstErrorLine(r);
        assertTrue(line.startsWith("seqlab: --device gpu: no GPU visible to the pytorch engine (asked for gpu(0); LibTorch "), line);
        assertTrue(line.contains("./seqlab doctor"), line);
    }

    @Test
    void anUnknownDeviceNameIsAUsageError() {
        String[] r = run("compare", "--device", "tpu", "--out", "/proc/seqlab-never-written");
        assertEquals("2", r[0]);
        assertEquals("seqlab: --device tpu: unknown device 'tpu': use cpu, gpu, gpu:N (N = 0, 1, ...) or auto",
                firstErrorLine(r));
    }
}
