package seqlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;
import seqlab.data.Frequency;
import seqlab.data.MissingPolicy;
import seqlab.data.ParallelCorpus;
import seqlab.data.SeriesFormat;
import seqlab.data.TextDataset;
import seqlab.data.TimeSeries;
import seqlab.experiment.Experiment;
import seqlab.experiment.ForecastingTask;
import seqlab.experiments.Budget;
import seqlab.experiments.Canonical;

/**
 * {@code --data FILE} and its column options (a picocli mixin of {@code compare}): the canonical comparison of one
 * task on the user's own CSV or TSV file, loaded by the toolkit's loaders before anything is written, so a bad file
 * is one line naming the file, the row and the problem, and leaves no output folder behind.
 */
final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE", description = {"Your own CSV or TSV file (header row, UTF-8) instead "
            + "of the shipped dataset; needs --task classification, translation or forecasting.",
        "The report records its path, SHA-256 and size."})
    Path file;

    @Option(names = "--text-column", paramLabel = "NAME", description = "classification: the column of texts (default: text).")
    String textColumn;

    @Option(names = "--label-column", paramLabel = "NAME", description = "classification: the column of labels (default: label).")
    String labelColumn;

    @Option(names = "--source-column", paramLabel = "NAME",
            description = "translation: the column of source sentences (default: source).")
    String sourceColumn;

    @Option(names = "--target-column", paramLabel = "NAME",
            description = "translation: the column of target sentences (default: target).")
    String targetColumn;

    @Option(names = "--date-column", paramLabel = "NAME", description = "forecasting: the column of dates (default: date).")
    String dateColumn;

    @Option(names = "--value-column", paramLabel = "NAME",
            description = "forecasting: the column of the values to forecast (default: value).")
    String valueColumn;

    @Option(names = "--key-column", paramLabel = "NAME",
            description = "forecasting: the column naming the series of each row (several series in long format).")
    String keyColumn;

    @Option(names = "--frequency", paramLabel = "STEP",
            description = "forecasting: daily, weekly, monthly, quarterly or yearly (default: inferred from the dates).")
    String frequency;

    @Option(names = "--seasonal-period", paramLabel = "N",
            description = "forecasting: steps in one season (default: 7 daily, 52 weekly, 12 monthly, 4 quarterly, 1 yearly).")
    Integer seasonalPeriod;

    @Option(names = "--missing", paramLabel = "POLICY",
            description = "forecasting: reject (default: a missing value or date is an error) or interpolate (fill "
                    + "interior gaps linearly, trim the ends).")
    String missing;

    @Option(names = "--past-covariates", split = ",", paramLabel = "COLUMN",
            description = "forecasting: columns observed up to the forecast origin, read by the models over their window.")
    List<String> past;

    @Option(names = "--future-covariates", split = ",", paramLabel = "COLUMN",
            description = "forecasting: columns known in advance (prices, holidays), read over the forecast steps too.")
    List<String> future;

    @Option(names = "--horizon", paramLabel = "N",
            description = "forecasting: steps to forecast from each origin (default: the season if 2 to 60, else 12).")
    Integer horizon;

    @Option(names = "--origins", paramLabel = "N",
            description = "forecasting: backtest origins per series (default: 3 quick, 5 standard, 8 full).")
    Integer origins;

    @Option(names = "--global", description = "forecasting with --key-column: one model trained on every series, "
            + "told apart by a series id (default: one model per series).")
    boolean global;

    /** What was loaded: a TextDataset, a ParallelCorpus, or the targets of a forecasting task. */
    private Object loaded;

    /** Every option but --data, by the task it belongs to. */
    private Map<String, String> given() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "--text-column", textColumn, "classification");
        put(m, "--label-column", labelColumn, "classification");
        put(m, "--source-column", sourceColumn, "translation");
        put(m, "--target-column", targetColumn, "translation");
        put(m, "--date-column", dateColumn, "forecasting");
        put(m, "--value-column", valueColumn, "forecasting");
        put(m, "--key-column", keyColumn, "forecasting");
        put(m, "--frequency", frequency, "forecasting");
        put(m, "--seasonal-period", seasonalPeriod, "forecasting");
        put(m, "--missing", missing, "forecasting");
        put(m, "--past-covariates", past, "forecasting");
        put(m, "--future-covariates", future, "forecasting");
        put(m, "--horizon", horizon, "forecasting");
        put(m, "--origins", origins, "forecasting");
        put(m, "--global", global ? Boolean.TRUE : null, "forecasting");
        return m;
    }

    private static void put(Map<String, String> m, String option, Object value, String task) {
        if (value != null) {
            m.put(option, task);
        }
    }

    /**
     * Checks the options against the tasks to run and loads the file: an option without {@code --data}, one of
     * another task, a bad value, or a file the loaders refuse is an {@link IllegalArgumentException} with one line.
     */
    void check(List<String> tasks) {
        Map<String, String> given = given();
        if (file == null) {
            if (!given.isEmpty()) {
                String first = given.keySet().iterator().next();
                throw new IllegalArgumentException(first + " describes a file given with --data FILE; add --data, or "
                        + "drop " + first);
            }
            return;
        }
        if (file.toString().isBlank()) {
            throw new IllegalArgumentException("--data is empty; name a CSV or TSV file");
        }
        if (tasks.size() != 1) {
            throw new IllegalArgumentException("--data " + file + " is compared on one task; choose it with --task "
                    + "classification, --task translation or --task forecasting");
        }
        String task = tasks.get(0);
        for (var e : given.entrySet()) {
            if (!e.getValue().equals(task)) {
                throw new IllegalArgumentException(e.getKey() + " is for --task " + e.getValue() + ", not " + task
                        + "; drop it");
            }
        }
        try {
            loaded = switch (task) {
                case "classification" -> TextDataset.fromCsv(file, or(textColumn, "text"), or(labelColumn, "label"));
                case "translation" -> ParallelCorpus.fromCsv(file, or(sourceColumn, "source"), or(targetColumn, "target"));
                case "forecasting" -> targets();
                default -> throw new IllegalArgumentException("Unknown task '" + task + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(commandLineFix(e.getMessage()), e);
        }
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    /** The loaders name their API's fixes; on the command line the fix is an option. */
    private static String commandLineFix(String message) {
        return message.replace("load with MissingPolicy.LINEAR_INTERPOLATION", "add --missing interpolate")
                .replace("choose a MissingPolicy", "choose --missing interpolate")
                .replace("(SeriesFormat.frequency)", "(--frequency)")
                .replace("SeriesFormat.frequency", "--frequency");
    }

    private List<ForecastingTask.Target> targets() {
        List<String> pastColumns = past == null ? List.of() : past;
        List<String> futureColumns = future == null ? List.of() : future;
        List<String> columns = new ArrayList<>();
        columns.add(or(valueColumn, "value"));
        columns.addAll(pastColumns);
        columns.addAll(futureColumns);
        if (global && keyColumn == null) {
            throw new IllegalArgumentException("--global trains one model on several series; name the column that tells "
                    + "them apart with --key-column");
        }
        if (seasonalPeriod != null && seasonalPeriod < 1) {
            throw new IllegalArgumentException("--seasonal-period must be at least 1 (1 = no season), got " + seasonalPeriod);
        }
        if (horizon != null && horizon < 1 || origins != null && origins < 1) {
            throw new IllegalArgumentException("--horizon and --origins must be at least 1, got "
                    + (horizon != null && horizon < 1 ? "--horizon " + horizon : "--origins " + origins));
        }
        SeriesFormat format = new SeriesFormat(or(dateColumn, "date"), columns, keyColumn, frequency(), 0,
                missingPolicy(), null);
        if (seasonalPeriod != null) {
            format = format.seasonalPeriod(seasonalPeriod);
        }
        List<TimeSeries> read = format.read(file);
        List<ForecastingTask.Target> out = new ArrayList<>();
        for (int i = 0; i < read.size(); i += columns.size()) {
            ForecastingTask.Target t = ForecastingTask.Target.of(read.get(i));
            for (int c = 0; c < pastColumns.size(); c++) {
                t = t.past(read.get(i + 1 + c));
            }
            for (int c = 0; c < futureColumns.size(); c++) {
                t = t.future(read.get(i + 1 + pastColumns.size() + c));
            }
            out.add(t);
        }
        return out;
    }

    private Frequency frequency() {
        if (frequency == null) {
            return null;
        }
        try {
            return Frequency.valueOf(frequency.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--frequency '" + frequency + "' is not one of daily, weekly, monthly, "
                    + "quarterly, yearly");
        }
    }

    private MissingPolicy missingPolicy() {
        if (missing == null) {
            return MissingPolicy.REJECT;
        }
        return switch (missing.strip().toLowerCase(Locale.ROOT)) {
            case "reject" -> MissingPolicy.REJECT;
            case "interpolate" -> MissingPolicy.LINEAR_INTERPOLATION;
            default -> throw new IllegalArgumentException("--missing '" + missing + "' is not reject or interpolate");
        };
    }

    /** The canonical comparison of {@code task}: on the loaded file when {@code --data} was given. */
    @SuppressWarnings("unchecked")
    Experiment experiment(String task, List<String> models, Budget budget) {
        if (file == null) {
            return Canonical.experiment(task, models, budget);
        }
        if (loaded == null) {
            throw new IllegalStateException("--data " + file + " was not checked before the comparison");
        }
        return switch (task) {
            case "classification" -> Canonical.classification((TextDataset) loaded, models, budget);
            case "translation" -> Canonical.translation((ParallelCorpus) loaded, models, budget);
            default -> {
                var options = ForecastingTask.Options.defaults()
                        .backtest(origins != null ? origins : Canonical.forecastingOrigins(budget))
                        .horizon(horizon != null ? horizon : 0).global(global).seriesId(global);
                yield Canonical.forecasting(new ForecastingTask((List<ForecastingTask.Target>) loaded, options), models,
                        budget);
            }
        };
    }
}
