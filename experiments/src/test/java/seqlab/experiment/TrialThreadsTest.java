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
 * Trials that run side by side share the cores: with {@code parallelism(n)} each trial's ops run with
 * {@code threads / n} intra-op threads on both engines, one after another with all of them, and the caller keeps its
 * count afterwards.
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
        String property = System.getProperty(Engines.THREADS_PROPERTY);
        int reference = ReferenceEngine.threads(), pytorch = PyTorchEngine.threads();
        System.setProperty(Engines.THREADS_PROPERTY, "4");
        ReferenceEngine.setThreads(4);
        PyTorchEngine.setThreads(4);
        try {
            for (String engine : List.of("reference", "pytorch")) {
                for (int parallelism : new int[] {1, 2, 3}) {
                    var task = new ThreadsSeen();
                    Results r = Experiment.on(task).compare(Models.lstm(8), Models.gru(8)).seeds(2).engine(engine)
                            .parallelism(parallelism).out(dir.resolve(engine + parallelism)).quiet().run();
                    assertEquals(6, r.trials().stream().filter(TrialResult::ok).count());
                    assertEquals(Set.of(parallelism == 1 ? 4 : 4 / parallelism), task.seen, engine + ", parallelism "
                            + parallelism);
                }
            }
            assertEquals(4, ReferenceEngine.threads());
            assertEquals(4, PyTorchEngine.threads());
        } finally {
            if (property == null) {
                System.clearProperty(Engines.THREADS_PROPERTY);
            } else {
                System.setProperty(Engines.THREADS_PROPERTY, property);
            }
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
