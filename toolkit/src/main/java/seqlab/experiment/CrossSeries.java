package seqlab.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.plot.Charts;
import seqlab.plot.HtmlReport;
import seqlab.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Forecasting results series by series and across series: the per-series table, the cross-series summary (mean rank,
 * geometric mean of MASE relative to seasonal naive), and the forecast charts with their prediction intervals, all
 * computed from the trials' {@link ForecastExtras}, so they work on results read back from disk.
 */
final class CrossSeries {
    /** The baseline relative MASE divides by. */
    static final String REFERENCE = "seasonal-naive";

    private CrossSeries() {
    }

    /** A model's mean over seeds on one series. */
    private record Cell(String series, String model, String engine, int n, Map<String, Double> means) {
    }

    private record Key(String model, String engine) {
    }

    /** Every (series, model, engine) cell, series in the task's order, models in the trials' order. */
    private static List<Cell> cells(Results results) {
        Map<String, Map<Key, List<ForecastExtras.SeriesForecast>>> bySeries = new LinkedHashMap<>();
        for (TrialResult r : results.trials()) {
            if (r == null || !r.ok() || !(r.extras() instanceof ForecastExtras x)) {
                continue;
            }
            for (ForecastExtras.SeriesForecast s : x.series()) {
                bySeries.computeIfAbsent(s.name(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(new Key(r.spec().model().name(), r.spec().engine()), k -> new ArrayList<>())
                        .add(s);
            }
        }
        List<Cell> out = new ArrayList<>();
        for (var series : bySeries.entrySet()) {
            for (var e : series.getValue().entrySet()) {
                Map<String, Double> means = new LinkedHashMap<>();
                for (String m : results.task().metrics()) {
                    double[] v = e.getValue().stream().mapToDouble(s -> s.metric(m)).filter(d -> !Double.isNaN(d)).toArray();
                    means.put(m, v.length == 0 ? Double.NaN : Stats.mean(v));
                }
                out.add(new Cell(series.getKey(), e.getKey().model(), e.getKey().engine(), e.getValue().size(), means));
            }
        }
        return out;
    }

    static Table perSeries(Results results) {
        List<Cell> cells = new ArrayList<>(cells(results));
        List<String> order = cells.stream().map(Cell::series).distinct().toList();
        cells.sort(Comparator.comparingInt((Cell c) -> order.indexOf(c.series()))
                .thenComparingDouble(c -> nanLast(c.means().get("mase"))));
        StringColumn series = StringColumn.create("series"), model = StringColumn.create("model"),
                engine = StringColumn.create("engine");
        IntColumn n = IntColumn.create("n");
        Map<String, DoubleColumn> metrics = new LinkedHashMap<>();
        for (String m : results.task().metrics()) {
            metrics.put(m, DoubleColumn.create(m + "_mean"));
        }
        for (Cell c : cells) {
            series.append(c.series());
            model.append(c.model());
            engine.append(c.engine());
            n.append(c.n());
            metrics.forEach((m, col) -> col.append(c.means().get(m)));
        }
        Table t = Table.create("forecasting per series", series, model, engine, n);
        metrics.values().forEach(t::addColumns);
        return t;
    }

    private static double nanLast(Double v) {
        return v == null || Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    static Table summary(Results results) {
        List<Cell> cells = cells(results);
        List<String> seriesOrder = cells.stream().map(Cell::series).distinct().toList();
        Map<Key, double[]> stats = new LinkedHashMap<>(); // mase rank sum, log rel sum, rel count, mase sum, crps rank sum, wins, series
        for (String engine : cells.stream().map(Cell::engine).distinct().toList()) {
            for (String s : seriesOrder) {
                List<Cell> here = cells.stream().filter(c -> c.series().equals(s) && c.engine().equals(engine)).toList();
                double[] maseRanks = ranks(here, "mase"), crpsRanks = ranks(here, "crps");
                Double reference = here.stream().filter(c -> c.model().equals(REFERENCE)).map(c -> c.means().get("mase"))
                        .findFirst().orElse(null);
                double best = here.stream().mapToDouble(c -> nanLast(c.means().get("mase"))).min().orElse(Double.NaN);
                for (int i = 0; i < here.size(); i++) {
                    Cell c = here.get(i);
                    double[] a = stats.computeIfAbsent(new Key(c.model(), engine), k -> new double[7]);
                    double mase = c.means().get("mase");
                    a[0] += maseRanks[i];
                    if (reference != null && reference > 0 && mase > 0 && Double.isFinite(mase)) {
                        a[1] += Math.log(mase / reference);
                        a[2]++;
                    }
                    a[3] += mase;
                    a[4] += crpsRanks[i];
                    a[5] += mase == best ? 1 : 0;
                    a[6]++;
                }
            }
        }
        StringColumn model = StringColumn.create("model"), engine = StringColumn.create("engine");
        IntColumn series = IntColumn.create("series"), wins = IntColumn.create("best_on");
        DoubleColumn rank = DoubleColumn.create("mean_rank"), rel = DoubleColumn.create("gmean_rel_mase"),
                mase = DoubleColumn.create("mean_mase"), crps = DoubleColumn.create("mean_crps_rank");
        for (var e : stats.entrySet()) {
            double[] a = e.getValue();
            model.append(e.getKey().model());
            engine.append(e.getKey().engine());
            series.append((int) a[6]);
            rank.append(a[0] / a[6]);
            rel.append(a[2] == a[6] ? Math.exp(a[1] / a[2]) : Double.NaN);
            mase.append(a[3] / a[6]);
            crps.append(a[4] / a[6]);
            wins.append((int) a[5]);
        }
        String name = "forecasting across " + seriesOrder.size() + " series: mean rank of MASE (1 = best), geometric "
                + "mean of MASE relative to seasonal naive (below 1 beats it), mean MASE, mean rank of CRPS, series won";
        Table t = Table.create(name, model, engine, series, rank, rel, mase, crps, wins);
        if (t.rowCount() > 1) {
            t = t.sortOn((r1, r2) -> {
                int c = Double.compare(nanLast(r1.getDouble("gmean_rel_mase")), nanLast(r2.getDouble("gmean_rel_mase")));
                return c != 0 ? c : Double.compare(r1.getDouble("mean_rank"), r2.getDouble("mean_rank"));
            });
            t.setName(name);
        }
        return t;
    }

    /** Ranks of the cells on {@code metric}, 1 = lowest; ties share their mean rank; NaN ranks last. */
    private static double[] ranks(List<Cell> cells, String metric) {
        int n = cells.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> nanLast(cells.get(i).means().get(metric))));
        double[] rank = new double[n];
        for (int start = 0; start < n; ) {
            int end = start;
            double v = nanLast(cells.get(order[start]).means().get(metric));
            while (end + 1 < n && nanLast(cells.get(order[end + 1]).means().get(metric)) == v) {
                end++;
            }
            for (int k = start; k <= end; k++) {
                rank[order[k]] = (start + end + 2) / 2.0;
            }
            start = end + 1;
        }
        return rank;
    }

    static void addToReport(Results results, HtmlReport report) {
        List<ForecastExtras.SeriesForecast> series = firstSeries(results);
        if (series.isEmpty()) {
            return;
        }
        Table per = perSeries(results);
        for (int i = 0; i < series.size(); i++) {
            String name = series.get(i).name();
            report.heading(series.size() > 1 ? "Series " + name : "Forecasts");
            if (series.size() > 1) {
                Table t = per.where(per.stringColumn("series").isEqualTo(name));
                t.setName(name);
                report.table(t);
            }
            report.figure(forecastChart(results, i), "Test forecasts of " + name + " against the actual series (first "
                    + "seed), with 80% and 95% prediction intervals; the best model and the strongest baseline are "
                    + "shown, the others are in the legend");
        }
    }

    /** The series of the first forecasting trial with extras, which every trial of the task shares. */
    private static List<ForecastExtras.SeriesForecast> firstSeries(Results results) {
        return results.trials().stream().filter(r -> r != null && r.ok() && r.extras() instanceof ForecastExtras)
                .findFirst().map(r -> r.forecast().series()).orElse(List.of());
    }

    /**
     * Series {@code index}'s test forecasts against its actual tail: one line per model (its lowest seed on the
     * first engine that ran it), baselines dashed, with 80% and 95% bands where the forecast has intervals. The best
     * model and the strongest baseline on this series (lowest MASE) are shown; the others are a click away in the
     * legend.
     */
    static Figure forecastChart(Results results, int index) {
        Map<String, TrialResult> first = new LinkedHashMap<>();
        for (TrialResult r : results.trials()) {
            if (r != null && r.ok() && r.extras() instanceof ForecastExtras x && x.series().size() > index) {
                first.merge(r.spec().model().name(), r, (a, b) -> b.spec().seed() < a.spec().seed() ? b : a);
            }
        }
        if (first.isEmpty()) {
            throw new IllegalArgumentException("forecastChart: no successful forecasting trial with a series " + index
                    + " in these results");
        }
        ForecastExtras.SeriesForecast any = first.values().iterator().next().forecast().series().get(index);
        String bestModel = null, bestBaseline = null;
        double modelMase = Double.POSITIVE_INFINITY, baselineMase = Double.POSITIVE_INFINITY;
        for (var e : first.entrySet()) {
            ForecastExtras x = e.getValue().forecast();
            double m = nanLast(x.series().get(index).metric("mase"));
            if (x.baseline() && m < baselineMase) {
                baselineMase = m;
                bestBaseline = e.getKey();
            } else if (!x.baseline() && m < modelMase) {
                modelMase = m;
                bestModel = e.getKey();
            }
        }
        // the two shown first (so they get the palette's first colours), then the other models, then the baselines
        List<Map.Entry<String, TrialResult>> ordered = new ArrayList<>(first.entrySet());
        String shownModel = bestModel, shownBaseline = bestBaseline;
        ordered.sort(Comparator.comparingInt(e -> e.getKey().equals(shownModel) ? 0 : e.getKey().equals(shownBaseline)
                ? 1 : e.getValue().forecast().baseline() ? 3 : 2));
        List<Charts.ForecastLine> lines = new ArrayList<>();
        for (var e : ordered) {
            ForecastExtras x = e.getValue().forecast();
            ForecastExtras.SeriesForecast s = x.series().get(index);
            boolean shown = e.getKey().equals(bestModel) || e.getKey().equals(bestBaseline);
            String label = e.getKey(); // a baseline keeps its own name; its style (grey, dashed) says what it is
            lines.add(new Charts.ForecastLine(label, gapped(s, s.dates(), null), gapped(s, null, s.forecast()),
                    s.probabilistic() ? gapped(s, null, s.lower80()) : null,
                    s.probabilistic() ? gapped(s, null, s.upper80()) : null,
                    s.probabilistic() ? gapped(s, null, s.lower95()) : null,
                    s.probabilistic() ? gapped(s, null, s.upper95()) : null, x.baseline(), shown));
        }
        return Charts.forecast("Test forecasts: " + any.name() + " (" + any.origins().size() + " origin"
                + (any.origins().size() == 1 ? "" : "s") + ", horizon " + any.horizon() + ")", any.name().replaceAll(".*:", ""),
                any.historyDates(), any.history(), lines);
    }

    /**
     * Per-point values with a break between backtest origins (a repeated date with no value), so a line does not
     * join one origin's last forecast to the next origin's first.
     */
    @SuppressWarnings("unchecked")
    private static <T> List<T> gapped(ForecastExtras.SeriesForecast s, List<String> dates, List<Double> values) {
        List<Object> out = new ArrayList<>();
        int h = s.horizon();
        for (int i = 0; i < s.steps().size(); i++) {
            if (i > 0 && i % h == 0) {
                out.add(dates != null ? dates.get(i) : null);
            }
            out.add(dates != null ? dates.get(i) : values.get(i));
        }
        return (List<T>) out;
    }
}
