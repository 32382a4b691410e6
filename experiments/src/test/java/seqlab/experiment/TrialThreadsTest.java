package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.pytorch.PyTorchEngine;
import seqlab.engine.reference.ReferenceEngine;
import seqlab.model.Models;

/**
 * Trials that run side by side share the cores: each trial's ops run with the plan's threads per trial on both
 * engines (capped per trial thread, {@link Engine#limitThreads}), one after another with the engine's own count, and
 * the caller keeps its count afterwards.
 */
class TrialThreadsTest {

    /** Records the intra-op threads each trial's ops would use, on the engine it was given. */
    static final class ThreadsSeen extends ExperimentRunnerTest.SyntheticTask {
        final Set<Integer> seen = ConcurrentHashMap.newKeySet();

        @Override
        public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
            seen.add(engine.name().equals(PyTorchEngine.NAME) ? PyTorchEngine.threads() : ReferenceEngine.threads());
            return super.run(spec, engine, listener);
        }
    }

    @Test
    void parallelTrialsDivideTheThreads(@TempDir Path dir) {
        Engines.get(PyTorchEngine.NAME); // created first: creating it sets the process count from seqlab.threads
        int reference = ReferenceEngine.threads(), pytorch = PyTorchEngine.threads();
        ReferenceEngine.setThreads(4);
        PyTorchEngine.setThreads(4);
        try {
            for (String engine : List.of("reference", "pytorch")) {
                for (int[] p : new int[][] {{1, 0}, {2, 1}, {3, 2}, {1, 3}, {2, 8}}) {
                    var task = new ThreadsSeen();
                    Results r = Experiment.on(task).compare(Models.lstm(8), Models.gru(8)).seeds(2).engine(engine)
                            .parallelism(p[0], p[1]).out(dir.resolve(engine + p[0] + "x" + p[1])).quiet().run();
                    assertEquals(6, r.trials().stream().filter(TrialResult::ok).count());
                    // serial keeps the engine's own 4; a count given by hand is applied but never raises it
                    int expected = p[1] == 0 ? 4 : Math.min(p[1], 4);
                    assertEquals(Set.of(expected), task.seen, engine + ", " + p[0] + " trials x " + p[1] + " threads");
                }
            }
            assertEquals(4, ReferenceEngine.threads(), "the caller keeps its count");
            assertEquals(4, PyTorchEngine.threads(), "the caller keeps its count");
        } finally {
            ReferenceEngine.setThreads(reference);
            PyTorchEngine.setThreads(pytorch);
        }
    }

    @Test
    void threadsEachSharesTheConfiguredThreads() {
        String property = System.getProperty(Engines.THREADS_PROPERTY);
        System.setProperty(Engines.THREADS_PROPERTY, "6");
        try {
            assertEquals(6, Engines.threadsEach(1));
            assertEquals(3, Engines.threadsEach(2));
            assertEquals(1, Engines.threadsEach(4));
            assertEquals(1, Engines.threadsEach(7));
        } finally {
            if (property == null) {
                System.clearProperty(Engines.THREADS_PROPERTY);
            } else {
                System.setProperty(Engines.THREADS_PROPERTY, property);
            }
        }
    }
}
