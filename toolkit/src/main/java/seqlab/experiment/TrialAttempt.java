package seqlab.experiment;

import java.util.Map;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

/**
 * One try at a trial ({@link TrialRunner#runTrial}) and whether it ran out of heap, which a pool that ran it beside
 * other trials retries alone.
 *
 * @param result      what the trial gave: its metrics, or its error
 * @param outOfMemory whether it failed with an {@link OutOfMemoryError}
 */
record TrialAttempt(TrialResult result, boolean outOfMemory) {

    static TrialAttempt run(Task task, TrialSpec spec, TrialListener listener) {
        Engine engine;
        try {
            engine = Engines.get(spec.engine());
        } catch (RuntimeException e) {
            return new TrialAttempt(TrialResult.failed(spec, e, Map.of("engine", spec.engine())), false);
        }
        try {
            // the trial this JVM's task, data and engine would run must be the one asked for, field by field
            String diff = TrialSpec.firstDifference(spec.canonical(),
                    TrialSpec.of(task, spec.model(), spec.train(), spec.seed(), engine).canonical());
            if (diff != null) {
                throw new IllegalStateException("this JVM would run another trial than the one requested (" + diff
                        + ", requested vs here): run the same seqlab version, data and engine everywhere");
            }
            task.check(spec.model(), spec.train());
            return new TrialAttempt(task.run(spec, engine, listener), false);
        } catch (OutOfMemoryError e) {
            // the trial's objects are unreachable now: there is heap again for the message and the other trials
            OutOfMemoryError explained = new OutOfMemoryError(e.getMessage() + " (the JVM's maximum heap is "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB): give it more, e.g. SEQLAB_JAVA_OPTS=-Xmx"
                    + suggestedHeapGb() + "g for ./seqlab or -Xmx for java, or make the model, batch or data smaller");
            return new TrialAttempt(TrialResult.failed(spec, explained, Provenance.collect(engine)), true);
        } catch (RuntimeException | StackOverflowError e) {
            return new TrialAttempt(TrialResult.failed(spec, e, Provenance.collect(engine)), false);
        }
    }

    /** Twice the current maximum heap, in whole gigabytes. */
    private static long suggestedHeapGb() {
        return Math.max(1, 2 * Runtime.getRuntime().maxMemory() / (1L << 30));
    }
}
