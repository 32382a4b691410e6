package seqlab.experiment;

import seqlab.plot.Charts;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/** The standard charts of a {@link Results}: each a jsplot {@link Figure} (inline in Jupyter, HTML elsewhere). */
public final class ResultPlots {
    private final Results results;

    ResultPlots(Results results) {
        this.results = results;
    }

    /** Validation metric per epoch, mean over seeds with a min-max band, one line per model. */
    public Figure curves() {
        return Charts.curves(results.curves(), "model", "epoch", results.mainMetric(),
                "Validation " + results.mainMetric() + " by epoch");
    }

    /** Training loss per epoch. */
    public Figure loss() {
        return Charts.curves(results.curves(), "model", "epoch", "train_loss", "Training loss by epoch");
    }

    /** The main metric per model with 95% confidence whiskers. */
    public Figure bars() {
        String m = results.mainMetric();
        return Charts.bars(results.summary(), "model", m + "_mean", m + "_ci95", "Test " + m + " (mean over seeds)");
    }

    /** The main metric against parameter count. */
    public Figure parameters() {
        String m = results.mainMetric();
        return Charts.scatter(results.summary(), "params", m + "_mean", "model", "Test " + m + " vs parameters", true);
    }

    /** Seconds per training epoch per model. */
    public Figure timePerEpoch() {
        Table s = results.summary();
        return Charts.bars(s, "model", "seconds_per_epoch", null, "Training time per epoch (s)");
    }
}
