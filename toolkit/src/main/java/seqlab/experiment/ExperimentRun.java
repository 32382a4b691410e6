package seqlab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One experiment's part of a run ({@link Experiment#runAll}): its trials, the ones a previous run finished in its
 * output folder, and the results as they arrive, each saved at once. Models named apart but configured alike are one
 * trial (one file): it runs once and fills every slot.
 */
final class ExperimentRun {
    final Experiment experiment;
    final Path dir;
    private final ResultStore store;
    private final List<TrialSpec> specs;
    private final Map<String, List<Integer>> slots = new LinkedHashMap<>();
    private final TrialResult[] results;
    private final List<TrialSpec> todo = new ArrayList<>();
    private final List<TrialResult> reused = new ArrayList<>();
    private int done;

    /** The learning rates chosen before the run ({@link Tunings}), for its results; empty without tuning. */
    private final tech.tablesaw.api.Table tuning;

    /** The experiment's tuning trials, {@code specs}, as a run of their own (their results choose the rates). */
    ExperimentRun(Experiment experiment, List<TrialSpec> specs) {
        this(experiment, specs, Tunings.empty(experiment.task()));
    }

    /** The experiment's comparison: {@code specs} at the chosen learning rates, {@code tuning} saying which. */
    ExperimentRun(Experiment experiment, List<TrialSpec> specs, tech.tablesaw.api.Table tuning) {
        this.experiment = experiment;
        this.dir = experiment.outputDirectory();
        this.store = new ResultStore(dir);
        this.specs = List.copyOf(specs);
        this.tuning = tuning;
        this.results = new TrialResult[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            slots.computeIfAbsent(specs.get(i).id(), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> idx : slots.values()) {
            TrialSpec spec = specs.get(idx.get(0));
            var existing = store.find(spec);
            if (existing.isPresent()) {
                for (int i : idx) {
                    results[i] = existing.get().withSpec(specs.get(i));
                }
                reused.add(results[idx.get(0)]);
            } else {
                todo.add(spec);
            }
        }
    }

    /** Trials in all, reused ones included. */
    int total() {
        return specs.size();
    }

    /** The trials to run, one per distinct id. */
    List<TrialSpec> todo() {
        return todo;
    }

    /** Tells the experiment's listener about the reused trials, and returns them. */
    synchronized List<TrialResult> announceReused() {
        for (TrialResult r : reused) {
            done += slots.get(r.spec().id()).size();
            experiment.listener().trialEnded(r, done, total(), true);
        }
        return reused;
    }

    /** Tells the experiment's listener that trial {@code spec} started. */
    synchronized void started(TrialSpec spec) {
        experiment.listener().trialStarted(spec, done + 1, total());
    }

    /**
     * Takes a result: saves it and fills its slots, unless it was taken before (a runner that delivered it twice).
     * Returns whether it was new.
     */
    synchronized boolean accept(TrialResult r) {
        List<Integer> idx = slots.get(r.spec().id());
        if (idx == null || results[idx.get(0)] != null) {
            return false;
        }
        // the driver's own spec objects, so results are the same values however the trial travelled
        TrialResult mine = r.withSpec(specs.get(idx.get(0)));
        store.save(mine);
        for (int i : idx) {
            results[i] = r.withSpec(specs.get(i));
        }
        done += idx.size();
        experiment.listener().trialEnded(mine, done, total(), false);
        return true;
    }

    /** Every trial's result in the order of the specs, or an error naming how many the runner did not return. */
    synchronized List<TrialResult> finished(TrialRunner runner) {
        long missing = java.util.Arrays.stream(results).filter(Objects::isNull).count();
        if (missing > 0) {
            throw new IllegalStateException(runner + " returned without " + missing + " of " + total()
                    + " trials; the finished ones are saved in " + dir + ", so running again resumes");
        }
        return List.of(results);
    }

    /** The results, or an error naming how many trials the runner did not return. */
    synchronized Results results(TrialRunner runner) {
        Results res = new Results(experiment.task(), finished(runner), dir, experiment.describe(), tuning);
        res.writeTables();
        return res;
    }
}
