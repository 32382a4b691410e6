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

    /** The GPU smoke experiment: a small comparison on the GPU, where one is visible, agrees with the CPU. */
    @Test
    void aSmallComparisonRunsOnTheGpuAsOnTheCpu(@TempDir Path dir) {
        var pytorch = seqlab.engine.Engines.get("pytorch");
        org.junit.jupiter.api.Assumptions.assumeTrue(pytorch.devices().stream().anyMatch(Device::isGpu),
                "no GPU visible to the pytorch engine: this smoke experiment runs on an NVIDIA GPU with the CUDA build "
                        + "(SEQLAB_BUILD=cuda ./seqlab doctor)");
        var task = new ClassificationTask(seqlab.datasets.Datasets.sentiment(),
                ClassificationTask.Options.defaults().maxExamples(200).embedding(8).maxLength(12));
        Experiment e = Experiment.on(task).compare(Models.lstm(8), Models.transformer(1, 8, 2))
                .train(t -> t.epochs(2).batchSize(16).adam(3e-3).patience(0)).engine("pytorch").quiet();
        Results gpu = e.device("gpu").out(dir.resolve("gpu")).run();
        Results cpu = e.device("cpu").out(dir.resolve("cpu")).run();
        assertEquals(cpu.trials().size(), gpu.trials().size());
        for (int i = 0; i < cpu.trials().size(); i++) {
            TrialResult g = gpu.trials().get(i), c = cpu.trials().get(i);
            assertTrue(g.ok(), g.error());
            assertEquals("gpu", g.spec().device());
            assertEquals(c.metrics().get("accuracy"), g.metrics().get("accuracy"), 0.1, g.spec().model().toString());
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
