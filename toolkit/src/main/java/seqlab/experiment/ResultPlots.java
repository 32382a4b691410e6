package seqlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import seqlab.plot.Charts;
import seqlab.plot.JsonFigure;
import seqlab.plot.Labels;
import tech.tablesaw.api.Table;

/**
 * The standard charts of a {@link Results}: each a {@link JsonFigure} (inline in Jupyter, HTML elsewhere), styled from
 * {@link Results#styles()} so a model has the same colour in all of them.
 */
public final class ResultPlots {
    private final Results results;

    ResultPlots(Results results) {
        this.results = results;
    }

    private String metric() {
        return Labels.of(results.mainMetric());
    }

    /** Validation metric per epoch, mean over seeds with a min-max band, one line per model. */
    public JsonFigure curves() {
        return style(Charts.curves(results.curves(), "model", "epoch", results.mainMetric(),
                "Validation " + metric() + " by epoch"));
    }

    /** Training loss per epoch. */
    public JsonFigure loss() {
        return style(Charts.curves(results.curves(), "model", "epoch", "train_loss", "Training loss by epoch"));
    }

    /**
     * The headline chart: the main test metric per model as a dot plot, best first, zoomed to the models, with 95%
     * confidence whiskers where a model has two or more seeds; the baselines are reference lines (or, far off the
     * models' range, named at the plot's edge).
     */
    public JsonFigure dots() {
        Table s = results.summary();
        String col = results.mainMetric() + "_mean";
        String ci = results.mainMetric() + "_ci95";
        boolean engines = s.stringColumn("engine").unique().size() > 1;
        List<Charts.Dot> dots = new ArrayList<>();
        Map<String, Double> references = new LinkedHashMap<>();
        TreeSet<Integer> seeds = new TreeSet<>();
        for (int i = 0; i < s.rowCount(); i++) {
            String model = s.stringColumn("model").get(i);
            String label = engines ? model + " (" + s.stringColumn("engine").get(i) + ")" : model;
            double mean = s.doubleColumn(col).getDouble(i);
            if (results.isBaseline(model)) {
                references.put(label, mean);
            } else {
                dots.add(new Charts.Dot(label, model, mean, s.doubleColumn(ci).getDouble(i)));
                seeds.add(s.intColumn("n").get(i));
            }
        }
        if (dots.isEmpty()) {
            // only baselines ran: they are the dots
            references.forEach((label, mean) -> dots.add(new Charts.Dot(label, label, mean, Double.NaN)));
            references.clear();
        }
        int most = seeds.isEmpty() ? 1 : seeds.last();
        String over = seeds.size() > 1 ? seeds.first() + " to " + most + " seeds" : most + " seeds";
        String axis = metric() + " (" + (results.task().higherIsBetter() ? "higher" : "lower") + " is better; "
                + (most >= 2 ? "mean and 95% CI over " + over : "one seed, no interval") + ")";
        return style(Charts.dots("Test " + metric() + " by model", axis, dots, references));
    }

    /**
     * The main metric against parameter count, one marker per model (name, parameters and score on hover); baselines
     * are horizontal lines. The axis is logarithmic when the counts span more than a factor of 20.
     */
    public JsonFigure parameters() {
        Table s = results.summary();
        String col = results.mainMetric() + "_mean";
        Map<String, Double> references = new LinkedHashMap<>();
        List<Integer> models = new ArrayList<>();
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < s.rowCount(); i++) {
            String model = s.stringColumn("model").get(i);
            long p = s.longColumn("params").get(i);
            if (results.isBaseline(model)) {
                references.put(model, s.doubleColumn(col).getDouble(i));
            } else {
                models.add(i);
                if (p > 0) {
                    min = Math.min(min, p);
                    max = Math.max(max, p);
                }
            }
        }
        Table m = s.rows(models.stream().mapToInt(Integer::intValue).toArray());
        m.column(col).setName(results.mainMetric());
        boolean log = max > 0 && max > 20 * min;
        return style(Charts.scatter(m, "params", results.mainMetric(), "model", "Test " + metric()
                + " against parameters", log, references));
    }

    /** Seconds per training epoch per trained model (baselines do not train). */
    public JsonFigure timePerEpoch() {
        Table s = results.summary();
        List<Integer> models = new ArrayList<>();
        for (int i = 0; i < s.rowCount(); i++) {
            if (!results.isBaseline(s.stringColumn("model").get(i))) {
                models.add(i);
            }
        }
        return style(Charts.bars(s.rows(models.stream().mapToInt(Integer::intValue).toArray()), "model",
                "seconds_per_epoch", null, "Training time per epoch"));
    }

    private JsonFigure style(JsonFigure f) {
        results.styles().apply(f);
        return f;
    }
}
