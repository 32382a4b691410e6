package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import seqlab.conformance.DeviceConformance;
import seqlab.conformance.PrimitivesOnly;
import seqlab.data.PaddedBatch;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.model.Models;
import seqlab.model.SequenceClassifier;
import seqlab.train.BatchSource;
import seqlab.train.Losses;
import seqlab.train.Optimizers;
import seqlab.train.Trainer;

/** Devices on the reference engine (the CPU only) and on a counted stand-in GPU over it. */
class ReferenceDeviceTest {

    @Test
    void theReferenceEngineHasTheCpuOnly() {
        Engine e = Engines.get("reference");
        assertEquals(List.of(Device.cpu()), e.devices());
        assertEquals(Device.cpu(), e.device("auto"));
        e.setDefaultDevice(Device.cpu());
        var ex = assertThrows(IllegalArgumentException.class, () -> e.setDefaultDevice(Device.gpu(0)));
        assertEquals("no GPU visible to the reference engine (it has [cpu]); the pytorch engine runs on NVIDIA GPUs, "
                + "see ./seqlab doctor", ex.getMessage());
    }

    /** The suite on a stand-in GPU: tensors that meet on two devices fail, as on LibTorch. */
    @Nested
    class OnAStandInGpu extends DeviceConformance {
        private final PrimitivesOnly engine = PrimitivesOnly.withFakeGpu(new ReferenceEngine());

        @Override
        protected Engine engine() {
            return engine;
        }

        @Override
        protected double deviceTolerance() {
            return 1e-6;
        }

        @Test
        void tensorsOfTwoDevicesDoNotMix() {
            var a = engine.zeros(Shape.of(2));
            var b = a.to(Device.gpu(0));
            assertThrows(IllegalArgumentException.class, () -> a.add(b));
        }

        /**
         * A training step on the device reads to the host once per logging interval (the loss and gradient norm of
         * all its steps in one copy) plus the class ids the loss checks; what goes to the device per step is the
         * batch itself and the loss's index and weight vectors.
         */
        @Test
        void aTrainingStepDoesNotRoundTripThroughTheHost() {
            Device gpu = Device.gpu(0);
            SequenceClassifier m = (SequenceClassifier) new SequenceClassifier(engine, Models.lstm(4).with("dropout", 0.3),
                    10, 4, 2, new RandomSource(3)).to(gpu);
            List<int[]> texts = new ArrayList<>();
            int[] labels = new int[16];
            for (int i = 0; i < 16; i++) {
                texts.add(new int[] {2 + i % 7, 3 + i % 5, 4 + i % 3});
                labels[i] = i % 2;
            }
            BatchSource<PaddedBatch> data = BatchSource.of(List.of(texts.toArray(int[][]::new)), rows ->
                    PaddedBatch.of(engine, rows, java.util.Arrays.copyOf(labels, rows.size()), null));
            int steps = 8, every = 4;
            long reads, writes;
            engine.setDefaultDevice(gpu);
            try {
                long r0 = engine.hostReads(), w0 = engine.hostWrites();
                Trainer.of(m, (SequenceClassifier s, PaddedBatch b) -> Losses.crossEntropy(s.forward(b.ids(),
                                b.lengths()), b.targets()))
                        .optimizer(Optimizers.adam(0.01)).batchSize(2).epochs(1).seed(1).clipNorm(1.0).clipValue(0.5)
                        .logEvery(every).progress(false).fit(data);
                reads = engine.hostReads() - r0;
                writes = engine.hostWrites() - w0;
            } finally {
                engine.setDefaultDevice(Device.cpu());
            }
            assertEquals(steps / every + steps, reads, "one read per logging interval, and the targets per step");
            assertTrue(writes <= 6L * steps, "per step at most: ids, targets, the length mask, two dropout masks, the "
                    + "loss's indices and weights; got " + writes + " in " + steps + " steps");
        }
    }
}
