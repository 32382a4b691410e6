package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.Device;
import seqlab.model.Models;

/** Where an experiment's trials run: chosen by name, part of each trial's identity, refused before any training. */
class ExperimentDeviceTest {

    private static Experiment experiment(Path dir) {
        return Experiment.on(new ExperimentRunnerTest.SyntheticTask()).compare(Models.lstm(8)).engine("reference")
                .out(dir).quiet();
    }

    @Test
    void theDeviceKindIsPartOfEveryTrial(@TempDir Path dir) {
        Experiment e = experiment(dir);
        assertEquals("default", e.device());
        assertEquals(Map.of("reference", Device.cpu()), e.devices());
        assertEquals(Map.of("reference", Device.cpu()), e.device("auto").devices());
        for (TrialSpec s : e.device("cpu").trials()) {
            assertEquals("cpu", s.device());
            assertEquals("cpu", s.canonical().get("device").asText());
        }
        TrialSpec cpu = e.device("cpu").trials().get(0);
        TrialSpec gpu = new TrialSpec(cpu.task(), cpu.dataset(), cpu.dataHash(), cpu.taskOptions(), cpu.model(),
                cpu.train(), cpu.seed(), cpu.engine(), cpu.engineVersion(), "gpu");
        assertFalse(cpu.id().equals(gpu.id()), "a GPU trial is another trial than its CPU twin");
        assertTrue(e.device("gpu").toString().contains("device:    gpu"));
    }

    @Test
    void aMissingGpuFailsBeforeAnyTraining(@TempDir Path dir) throws Exception {
        var task = new ExperimentRunnerTest.SyntheticTask();
        Experiment e = Experiment.on(task).compare(Models.lstm(8)).engine("reference").out(dir).quiet().device("gpu:0");
        var ex = assertThrows(IllegalArgumentException.class, e::run);
        assertEquals("device gpu:0: no GPU visible to the reference engine (it has [cpu]); the pytorch engine runs on "
                + "NVIDIA GPUs, see ./seqlab doctor", ex.getMessage());
        assertEquals(0, task.runs.get(), "nothing trained");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.toString().endsWith(".json")).count(), "nothing written");
        }
    }

    @Test
    void anUnknownDeviceNameFailsAtOnce() {
        var ex = assertThrows(IllegalArgumentException.class, () -> experiment(null).device("cuda0"));
        assertEquals("unknown device 'cuda0': use cpu, gpu, gpu:N (N = 0, 1, ...) or auto", ex.getMessage());
    }

    @Test
    void aTrialAskedForOnADeviceKindTheEngineLacksFailsAsATrial(@TempDir Path dir) {
        var task = new ExperimentRunnerTest.SyntheticTask();
        TrialSpec cpu = experiment(dir).device("cpu").trials().get(0);
        TrialSpec gpu = new TrialSpec(cpu.task(), cpu.dataset(), cpu.dataHash(), cpu.taskOptions(), cpu.model(),
                cpu.train(), cpu.seed(), cpu.engine(), cpu.engineVersion(), "gpu");
        TrialResult r = TrialRunner.runTrial(task, gpu, TrialListener.NONE);
        assertEquals(TrialResult.Status.FAILED, r.status());
        assertTrue(r.error().contains("no GPU visible to the reference engine"), r.error());
        assertEquals(0, task.runs.get());
    }
}
