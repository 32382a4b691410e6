package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import seqlab.data.PaddedBatch;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.model.SequenceClassifier;
import seqlab.nn.Module;
import seqlab.train.BatchSource;
import seqlab.train.History;
import seqlab.train.Losses;
import seqlab.train.Optimizer;
import seqlab.train.Optimizers;
import seqlab.train.Trainer;

/**
 * Devices: choosing one by name, refusing one the engine lacks in one line, and a model moved with
 * {@code Module.to(Device)} computing and training there as it does on the CPU, its layers' own tensors (initial
 * states, masks, positional tables, optimizer state) following it. The tests that need a second device run on the
 * engine's first GPU; an engine without one skips them (GPU hardware is the one allowed skip).
 */
public abstract class DeviceConformance {

    protected abstract Engine engine();

    /** Tolerance between the CPU and the device (0 where the device computes the same way). */
    protected double deviceTolerance() {
        return 1e-5;
    }

    /** The engine's first GPU; skips the test where it has none. */
    protected Device gpu() {
        Device d = engine().devices().stream().filter(Device::isGpu).findFirst().orElse(null);
        Assumptions.assumeTrue(d != null, "no GPU visible to the " + engine().name() + " engine: these tests run on an "
                + "NVIDIA GPU with the CUDA build (SEQLAB_BUILD=cuda ./seqlab doctor)");
        return d;
    }

    /** Runs {@code work} with new tensors going to {@code device}, then puts the default back. */
    protected <T> T on(Device device, Supplier<T> work) {
        Device before = engine().defaultDevice();
        engine().setDefaultDevice(device);
        try {
            return work.get();
        } finally {
            engine().setDefaultDevice(before);
        }
    }

    @Test
    void devicesAreChosenByName() {
        Engine e = engine();
        assertEquals(Device.cpu(), e.devices().get(0), "the CPU comes first");
        assertEquals(Device.cpu(), e.device("cpu"));
        assertEquals(Device.cpu(), e.device(" CPU "));
        Device auto = e.device("auto");
        assertTrue(e.devices().contains(auto));
        assertEquals(e.devices().stream().anyMatch(Device::isGpu), auto.isGpu(), "auto takes a GPU when there is one");
        for (Device d : e.devices()) {
            assertEquals(d, e.device(d.id()), "the name " + d.id() + " reads back");
        }
        var bad = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertTrue(bad.getMessage().contains("use cpu, gpu, gpu:N"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Device.parse("gpu:-1"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse(""));
    }

    @Test
    void aDeviceTheEngineLacksIsRefusedInOneLine() {
        Engine e = engine();
        Device missing = Device.gpu(7);
        Device before = e.defaultDevice();
        for (Runnable r : List.<Runnable>of(() -> e.device("gpu:7"), () -> e.setDefaultDevice(missing),
                () -> e.zeros(seqlab.engine.Shape.of(2)).to(missing),
                () -> new SequenceClassifier(e, Models.gru(3), 8, 3, 2, new RandomSource(1)).to(missing))) {
            var ex = assertThrows(IllegalArgumentException.class, r::run);
            assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
            assertTrue(ex.getMessage().contains(e.name() + " engine") && (ex.getMessage().contains(e.devices().toString())
                    || ex.getMessage().contains("no GPU visible")), "names the engine and what it has: " + ex.getMessage());
        }
        assertEquals(before, e.defaultDevice(), "a refused device changes nothing");
        if (e.devices().stream().noneMatch(Device::isGpu)) {
            var ex = assertThrows(IllegalArgumentException.class, () -> e.device("gpu"));
            assertTrue(ex.getMessage().startsWith("no GPU visible to the " + e.name() + " engine"), ex.getMessage());
        }
    }

    private static final List<int[]> TEXTS = List.of(new int[] {4, 5, 6, 7, 2}, new int[] {8, 9}, new int[] {5, 3, 3},
            new int[] {7}, new int[] {2, 6, 4, 9}, new int[] {3, 8, 5});
    private static final int[] LABELS = {0, 1, 1, 0, 1, 0};

    private static List<ModelSpec> specs() {
        return List.of(Models.lstm(4).with("projection", 3), Models.peephole(4), Models.gru(4).with("attention", "general"),
                Models.rnn(4).with("bidirectional", true), Models.transformer(1, 4, 2), Models.cnn(4));
    }

    private SequenceClassifier classifier(ModelSpec spec) {
        return new SequenceClassifier(engine(), spec, 10, 4, 2, new RandomSource(11));
    }

    private static double[] logits(SequenceClassifier m, Engine e) {
        PaddedBatch b = PaddedBatch.of(e, TEXTS, LABELS, null);
        m.eval();
        Tensor out = m.forward(b.ids(), b.lengths());
        assertEquals(e.defaultDevice(), out.device(), "the output is where the model is");
        return out.toDoubleArray();
    }

    @Test
    void aMovedModelComputesOnItsDeviceAsOnTheCpu() {
        Device gpu = gpu();
        for (ModelSpec spec : specs()) {
            double[] cpu = logits(classifier(spec), engine());
            SequenceClassifier moved = classifier(spec);
            assertTrueForAll(moved, Device.cpu());
            moved.to(gpu);
            assertTrueForAll(moved, gpu);
            assertEquals(gpu, moved.device());
            double[] there = on(gpu, () -> logits(moved, engine()));
            assertArrayEquals(cpu, there, deviceTolerance(), spec + " on " + gpu);
        }
    }

    private static void assertTrueForAll(Module m, Device d) {
        m.namedParameters().forEach((name, p) -> {
            assertEquals(d, p.device(), name);
            assertTrue(p.requiresGrad(), name + " stays trainable");
        });
    }

    private History train(SequenceClassifier model, int steps, int logEvery) {
        BatchSource<PaddedBatch> data = BatchSource.of(List.of(0, 1, 2, 3, 4, 5), idx -> {
            List<int[]> t = new ArrayList<>();
            int[] y = new int[idx.size()];
            for (int i = 0; i < idx.size(); i++) {
                t.add(TEXTS.get(idx.get(i)));
                y[i] = LABELS[idx.get(i)];
            }
            return PaddedBatch.of(model.engine(), t, y, null);
        });
        return Trainer.of(model, (SequenceClassifier m, PaddedBatch b) -> Losses.crossEntropy(m.forward(b.ids(),
                        b.lengths()), b.targets()))
                .optimizer(Optimizers.adam(0.05)).batchSize(2).epochs(steps / 3).seed(5).clipNorm(0.5)
                .logEvery(logEvery).progress(false).fit(data);
    }

    @Test
    void aModelTrainsOnItsDeviceAsOnTheCpu() {
        Device gpu = gpu();
        ModelSpec spec = Models.lstm(4).with("dropout", 0.2);
        History cpu = train(classifier(spec), 6, 1);
        SequenceClassifier moved = (SequenceClassifier) classifier(spec).to(gpu);
        History there = on(gpu, () -> train(moved, 6, 4));
        for (int i = 0; i < cpu.epochs().size(); i++) {
            assertEquals(cpu.epochs().get(i).trainLoss(), there.epochs().get(i).trainLoss(), 10 * deviceTolerance(),
                    "epoch " + i + " train loss");
            assertEquals(cpu.epochs().get(i).meanGradNorm(), there.epochs().get(i).meanGradNorm(),
                    10 * deviceTolerance(), "epoch " + i + " gradient norm");
        }
        assertTrueForAll(moved, gpu);
    }

    @Test
    void optimizerStateLivesWithTheParameters() {
        Device gpu = gpu();
        SequenceClassifier m = (SequenceClassifier) classifier(Models.gru(3)).to(gpu);
        Optimizer opt = Optimizers.adam(0.01).create(m.namedParameters());
        Map<String, Tensor> state = opt.stateDict();
        state.forEach((k, v) -> {
            if (!k.endsWith(".step")) {
                assertEquals(gpu, v.device(), k);
            }
        });
    }

    @Test
    void anOptimizerMadeBeforeAMoveSaysSo() {
        Device gpu = gpu();
        SequenceClassifier m = classifier(Models.gru(3));
        Optimizer opt = Optimizers.adam(0.01).create(m.namedParameters());
        m.to(gpu);
        var ex = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(ex.getMessage().contains("create the optimizer after Module.to"), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }
}
