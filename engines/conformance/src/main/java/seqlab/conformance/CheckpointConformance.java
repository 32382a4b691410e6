package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Linear;
import seqlab.train.BatchSource;
import seqlab.train.Checkpoint;
import seqlab.train.Losses;
import seqlab.train.OptimizerSpec;
import seqlab.train.Optimizers;
import seqlab.train.Seeds;
import seqlab.train.Trainer;

/**
 * Checkpoints as untrusted input: a garbled, truncated, edited or bit-flipped checkpoint, or one written by a
 * differently configured trainer, is an error naming the checkpoint folder and the field or file, never a silent
 * restart or a divergence epochs later. Exact resume itself is in {@link TrainingConformance}.
 */
public abstract class CheckpointConformance {

    protected abstract Engine engine();

    @TempDir
    Path dir;

    private BatchSource<Tensor[]> data;
    private Path ck;
    private Path epoch2;

    private Trainer<Linear, Tensor[]> trainer(long seed) {
        Linear model = new Linear(engine(), 2, 1, Seeds.of(seed).init());
        return Trainer.of(model, (Linear m, Tensor[] b) -> Losses.mse(m.forward(b[0]), b[1]))
                .progress(false).seed(4).batchSize(4).epochs(2).optimizer(Optimizers.adam(1e-2));
    }

    @BeforeEach
    void writeTwoEpochs() {
        RandomSource rng = new RandomSource(9);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float a = (float) rng.nextGaussian(), b = (float) rng.nextGaussian();
            rows.add(new float[] {a, b, 2 * a - b});
        }
        Engine e = engine();
        data = BatchSource.of(rows, picked -> {
            float[] x = new float[2 * picked.size()], y = new float[picked.size()];
            for (int i = 0; i < picked.size(); i++) {
                x[2 * i] = picked.get(i)[0];
                x[2 * i + 1] = picked.get(i)[1];
                y[i] = picked.get(i)[2];
            }
            return new Tensor[] {e.of(x, Shape.of(picked.size(), 2)), e.of(y, Shape.of(picked.size(), 1))};
        });
        ck = dir.resolve("run");
        trainer(1).checkpoints(ck).fit(data);
        epoch2 = ck.resolve("epoch-0002");
    }

    private String resumeError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(2).epochs(3).resume(ck, data, null));
        assertTrue(e.getMessage().contains(epoch2.toString()), "names the checkpoint folder: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private void editState(String from, String to) throws IOException {
        Path json = epoch2.resolve(Checkpoint.STATE);
        String s = Files.readString(json, StandardCharsets.UTF_8);
        assertTrue(s.contains(from), s);
        Files.writeString(json, s.replaceFirst(java.util.regex.Pattern.quote(from), to), StandardCharsets.UTF_8);
    }

    @Test
    void aFieldOfTheWrongTypeIsAnErrorNotADefault() throws IOException {
        editState("\"epochs_completed\" : 2", "\"epochs_completed\" : \"abc\"");
        String m = resumeError();
        assertTrue(m.contains("'epochs_completed'") && m.contains("abc"), m);
    }

    @Test
    void aNumberInQuotesOrWithAFractionIsNotAnInteger() throws IOException {
        editState("\"global_step\" : 6", "\"global_step\" : \"6\"");
        assertTrue(resumeError().contains("'global_step'"));
        editState("\"global_step\" : \"6\"", "\"global_step\" : 6.5");
        assertTrue(resumeError().contains("'global_step'"));
    }

    @Test
    void aMissingOrUnknownFieldIsNamed() throws IOException {
        editState("\"global_step\" : 6,", "");
        String m = resumeError();
        assertTrue(m.contains("'global_step'") && m.contains("missing"), m);
        editState("\"last_finite_loss\"", "\"global_step\" : 6, \"surprise\" : 1, \"last_finite_loss\"");
        m = resumeError();
        assertTrue(m.contains("'surprise'"), m);
    }

    @Test
    void valuesOutOfRangeOrInconsistentAreNamed() throws IOException {
        editState("\"epochs_completed\" : 2", "\"epochs_completed\" : 1");
        String m = resumeError();
        assertTrue(m.contains("'epochs_completed'") && m.contains("epoch-0002"), m);
        editState("\"epochs_completed\" : 1", "\"epochs_completed\" : 2");
        editState("\"best_epoch\" : ", "\"best_epoch\" : 7, \"x_best_epoch\" : ");
        m = resumeError();
        assertTrue(m.contains("'early_stopping.x_best_epoch'") || m.contains("best_epoch"), m);
    }

    @Test
    void aFlippedByteInTheWeightsIsCaughtAtLoad() throws IOException {
        Path model = epoch2.resolve(Checkpoint.MODEL);
        byte[] b = Files.readAllBytes(model);
        b[b.length - 1] ^= 0x01; // the last byte of the last float: still a valid safetensors file
        Files.write(model, b);
        String m = resumeError();
        assertTrue(m.contains(Checkpoint.MODEL) && m.contains("SHA-256"), m);
    }

    @Test
    void aStateThatIsNotJsonOrIsCutShortIsNamed() throws IOException {
        Path json = epoch2.resolve(Checkpoint.STATE);
        String whole = Files.readString(json, StandardCharsets.UTF_8);
        Files.writeString(json, whole.substring(0, whole.length() / 2), StandardCharsets.UTF_8);
        assertTrue(resumeError().contains(Checkpoint.STATE));
        Files.writeString(json, "not json", StandardCharsets.UTF_8);
        assertTrue(resumeError().contains(Checkpoint.STATE));
        Files.writeString(json, "[]", StandardCharsets.UTF_8);
        assertTrue(resumeError().contains(Checkpoint.STATE));
    }

    @Test
    void aMissingFileOrWeightsOfAnotherModelAreNamed() throws IOException {
        // weights of a model with another shape, re-hashed so only the shape is wrong
        Path model = epoch2.resolve(Checkpoint.MODEL);
        new Linear(engine(), 3, 1, new RandomSource(5)).save(model);
        String sha = java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(model)));
        String state = Files.readString(epoch2.resolve(Checkpoint.STATE), StandardCharsets.UTF_8);
        Files.writeString(epoch2.resolve(Checkpoint.STATE),
                state.replaceAll("(\"" + java.util.regex.Pattern.quote(Checkpoint.MODEL) + "\"\\s*:\\s*\")[0-9a-f]{64}",
                        "$1" + sha), StandardCharsets.UTF_8);
        String m = resumeError();
        assertTrue(m.contains("weight") && m.contains("shape"), m);
        Files.delete(epoch2.resolve(Checkpoint.OPTIMIZER));
        m = resumeError();
        assertTrue(m.contains(Checkpoint.OPTIMIZER + " is missing"), m);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTrainerConfiguredDifferentlyIsToldWhichSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(2).epochs(3).batchSize(8).resume(ck, data, null));
        assertTrue(e.getMessage().contains("batch_size") && e.getMessage().contains(epoch2.toString()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> trainer(2).epochs(3).optimizer(Optimizers.adam(1e-2).withWeightDecay(0.1)).resume(ck, data, null));
        assertTrue(e.getMessage().contains("weight_decay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer(2).epochs(1).resume(ck, data, null));
        assertTrue(e.getMessage().contains("epochs(...)"), e.getMessage());
        // the same configuration resumes
        assertEquals(3, trainer(2).epochs(3).resume(ck, data, null).epochs().size());
    }

    @Test
    void provenanceDoesNotBuildAnOptimizer() {
        AtomicInteger built = new AtomicInteger();
        OptimizerSpec counting = params -> {
            built.incrementAndGet();
            return Optimizers.sgd(0.1).create(params);
        };
        var t = trainer(1).optimizer(counting);
        assertEquals("custom", t.provenance().get("optimizer"));
        assertEquals("adam", trainer(1).provenance().get("optimizer"));
        assertEquals(0, built.get());
    }

    @Test
    void checkpointFilesHaveTheUsualPermissions() throws IOException {
        Path probe = Files.createFile(dir.resolve("probe"));
        Set<PosixFilePermission> usual;
        try {
            usual = Files.getPosixFilePermissions(probe);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: its defaults apply
        }
        for (String f : List.of(Checkpoint.MODEL, Checkpoint.OPTIMIZER, Checkpoint.STATE)) {
            assertEquals(usual, Files.getPosixFilePermissions(epoch2.resolve(f)), f);
        }
    }
}
