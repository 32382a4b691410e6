package seqlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The state of a run as its trials report in (from their threads), drawn on a {@link ProgressView}: which trials run
 * and how far each is, how many are done, and the time left. The time left weighs every trial by its estimated cost
 * ({@link Task#trialCost}), counts running trials by the share of their training done, and extrapolates the elapsed
 * time.
 */
final class RunProgress implements TrialListener, AutoCloseable {
    /** Too little done to extrapolate from: no time left shown before this share of the work or these seconds. */
    private static final double MIN_FRACTION = 0.01;
    private static final double MIN_SECONDS = 3;

    private final ProgressView view;
    private final Verbosity verbosity;
    private final String title;
    private final String plan;
    private final int total;
    private final Map<String, Double> costs;
    private final Map<String, String> mainMetric;
    private final double totalCost;
    private final boolean manyEngines;
    private final long start = System.nanoTime();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private int done;
    private int reused;
    private int failed;
    private double doneCost;
    private long drawnAt;
    private boolean closed;

    /** What a running trial has reported. */
    private static final class Running {
        final String label;
        final long started = System.nanoTime();
        TrialProgress progress;
        int batch;
        int batches;

        Running(String label) {
            this.label = label;
        }
    }

    /**
     * @param jobs the trials that will run, by id (reused ones are not in it)
     */
    RunProgress(ProgressView view, Verbosity verbosity, String title, String plan, int total,
                Map<String, TrialRunner.Job> jobs, boolean manyEngines) {
        this.view = verbosity == Verbosity.QUIET ? ProgressView.NONE : view;
        this.verbosity = verbosity;
        this.title = title;
        this.plan = plan;
        this.total = total;
        Map<String, Double> c = new LinkedHashMap<>();
        Map<String, String> m = new LinkedHashMap<>();
        double sum = 0;
        for (var e : jobs.entrySet()) {
            c.put(e.getKey(), e.getValue().cost());
            m.put(e.getKey(), e.getValue().task().mainMetric());
            sum += e.getValue().cost();
        }
        this.costs = c;
        this.mainMetric = m;
        this.totalCost = sum;
        this.manyEngines = manyEngines;
        if (this.view.live()) {
            // the elapsed time and the time left move on while a long step runs
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seqlab-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        } else {
            ticker = null;
        }
    }

    /** The run's first line: what runs and how. */
    synchronized void begin(int reusedBefore) {
        if (verbosity != Verbosity.QUIET) {
            int toRun = total - reusedBefore;
            view.line(String.format(Locale.ROOT, "%s: %d trial%s%s%s", title, total, total == 1 ? "" : "s",
                    reusedBefore > 0 ? ", " + reusedBefore + " done before (reused), " + toRun + " to run" : "",
                    toRun > 0 ? "; " + plan : ""), snapshot());
        }
    }

    String label(TrialSpec s) {
        return s.task() + " " + s.model().name() + " seed " + s.seed() + (manyEngines ? " on " + s.engine() : "");
    }

    @Override
    public synchronized void trialStarted(TrialSpec spec, int index, int count) {
        running.put(spec.id(), new Running(label(spec)));
        draw(true);
    }

    @Override
    public synchronized void stepEnded(TrialSpec spec, TrialProgress p) {
        Running r = running.get(spec.id());
        if (r != null) {
            r.progress = p;
            r.batch = p.batch();
            r.batches = p.batches();
            draw(false);
        }
    }

    @Override
    public synchronized void epochEnded(TrialSpec spec, EpochStats s) {
        if (verbosity == Verbosity.EPOCHS) {
            Running r = running.get(spec.id());
            String loss = String.format(Locale.ROOT, "loss %.4f", s.trainLoss())
                    + (Double.isNaN(s.validationLoss()) ? "" : String.format(Locale.ROOT, ", val loss %.4f", s.validationLoss()))
                    + (Double.isNaN(s.metric()) ? "" : String.format(Locale.ROOT, ", val metric %.4f", s.metric()));
            view.line(String.format(Locale.ROOT, "  %s epoch %d%s: %s, grad norm %.3g (%.1f s)",
                    r != null ? r.label : label(spec), s.epoch(),
                    r != null && r.progress != null ? "/" + r.progress.epochs() : "", loss, s.gradNorm(), s.seconds()),
                    snapshot());
        }
    }

    @Override
    public synchronized void trialDeferred(TrialSpec spec, String why) {
        Running r = running.remove(spec.id());
        view.line((r != null ? r.label : label(spec)) + ": " + why, snapshot());
    }

    /** A trial ended ({@code reusedResult}: found finished in the output folder). */
    synchronized void ended(TrialResult r, boolean reusedResult) {
        running.remove(r.spec().id());
        done++;
        if (reusedResult) {
            reused++;
        } else {
            doneCost += costs.getOrDefault(r.spec().id(), 0.0);
        }
        if (!r.ok()) {
            failed++;
        }
        if (!reusedResult) {
            view.result(resultLine(r), snapshot());
        }
    }

    private String resultLine(TrialResult r) {
        String what;
        if (r.ok()) {
            String metric = mainMetric.get(r.spec().id());
            what = (metric == null || !r.metrics().containsKey(metric) ? "done"
                    : metric + String.format(Locale.ROOT, " %.4f", r.metric(metric)))
                    + String.format(Locale.ROOT, " (%.1f s, %d epoch%s)", r.trainSeconds(), r.epochs(),
                    r.epochs() == 1 ? "" : "s");
        } else {
            what = (r.status() == TrialResult.Status.DIVERGED ? "DIVERGED: " : "FAILED: ") + r.error();
        }
        TrialSpec s = r.spec();
        return String.format(Locale.ROOT, "[%d/%d] %s %s seed %d on %s: %s", done, total, s.task(), s.model().name(),
                s.seed(), s.engine(), what);
    }

    private void tick() {
        synchronized (this) {
            if (!closed) {
                draw(true);
            }
        }
    }

    private void draw(boolean force) {
        if (!view.live() || closed) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - drawnAt < TimeUnit.MILLISECONDS.toNanos(view.refreshMillis())) {
            return;
        }
        drawnAt = now;
        view.update(snapshot());
    }

    /** The state now. */
    synchronized ProgressSnapshot snapshot() {
        long now = System.nanoTime();
        double elapsed = (now - start) / 1e9;
        List<ProgressSnapshot.Running> rs = new ArrayList<>();
        double runningCost = 0;
        for (var e : running.entrySet()) {
            Running r = e.getValue();
            double f = r.progress == null ? 0 : r.progress.fraction();
            runningCost += f * costs.getOrDefault(e.getKey(), 0.0);
            rs.add(new ProgressSnapshot.Running(r.label, r.progress == null ? "starting" : r.progress.position(),
                    r.progress == null ? Double.NaN : r.progress.loss(), f, (now - r.started) / 1e9));
        }
        int toRun = total - reused;
        double fraction = totalCost > 0 ? (doneCost + runningCost) / totalCost
                : toRun > 0 ? (double) (done - reused) / toRun : 1;
        fraction = Math.max(0, Math.min(1, fraction));
        double eta = fraction >= MIN_FRACTION && elapsed >= MIN_SECONDS && fraction < 1
                ? elapsed * (1 - fraction) / fraction : fraction >= 1 ? 0 : Double.NaN;
        return new ProgressSnapshot(title, plan, total, done, reused, failed, rs, fraction, elapsed, eta, closed);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        running.clear();
        view.close(snapshot());
    }
}
