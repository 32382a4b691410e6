package seqlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.datasets.Datasets;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.Experiment;
import seqlab.experiment.LrSchedule;
import seqlab.experiment.ForecastingTask;
import seqlab.experiment.TrainConfig;
import seqlab.experiment.TranslationTask;
import seqlab.data.ParallelCorpus;
import seqlab.data.TextDataset;
import seqlab.data.TimeSeries;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.model.SpecSyntax;

/**
 * The comparisons a researcher runs first, as code anyone can read: which dataset, which models, which training
 * budget. {@code ./seqlab compare} runs them; notebooks call them too.
 */
public final class Canonical {
    /** Every model name {@code --models} accepts, in the order reports list them. */
    public static final List<String> MODEL_NAMES = List.of("rnn", "lstm", "bilstm", "gru", "bigru", "peephole", "cifg",
            "cnn", "attention", "transformer");
    /** How {@code --models} entries are written, for help texts and errors. */
    public static final String MODEL_SYNTAX = "NAME, NAME:key=value:... or 'NAME[key=value,...]', e.g. "
            + "lstm:hidden=128:layers=2:dropout=0.2";
    /**
     * Optimizer steps each translation model gets at the quick budget, the knob that sizes the largest share of the
     * default {@code ./seqlab compare} (translation is most of its CPU time; README, "The budgets"). At 400 steps the
     * es-en attention model is just past copying the source (validation BLEU 2.1, chrF 17.2; {@link
     * TranslationRecipe}); BLEU 5 takes about 800.
     */
    public static final long QUICK_TRANSLATION_STEPS = 400;
    /** The tasks, in the order {@code --task all} runs them. */
    public static final List<String> TASKS = List.of("classification", "translation", "forecasting");

    private Canonical() {
    }

    /**
     * Checks {@code --models} entries: a catalog name, optionally with settings ({@code lstm:hidden=128:layers=2} or
     * {@code lstm[hidden=128,layers=2]}), each setting checked against the model by the spec's own typed settings.
     * An unknown name, key or value fails with a one-line message listing the valid ones.
     */
    public static List<String> checkModels(List<String> entries) {
        Map<String, ModelSpec> catalog = catalog(64, 2);
        catalog.put("attention", classificationAttention(64));
        for (String entry : entries) {
            resolve(catalog, entry);
        }
        return entries;
    }

    /**
     * The spec an entry names: the catalog's model with the entry's settings applied, named like the entry
     * ({@code lstm[hidden=128,layers=2]}), or null when the catalog (this task's) has no such model.
     */
    static ModelSpec resolve(Map<String, ModelSpec> catalog, String entry) {
        SpecSyntax s = SpecSyntax.parse(entry);
        if (!MODEL_NAMES.contains(s.base())) {
            throw new IllegalArgumentException("Unknown model '" + s.base() + "'; use any of "
                    + String.join(",", MODEL_NAMES) + ", each as " + MODEL_SYNTAX);
        }
        ModelSpec spec = catalog.get(s.base());
        if (spec == null) {
            return null;
        }
        for (var e : s.settings().entrySet()) {
            if (e.getKey().equals("name")) {
                throw new IllegalArgumentException("'" + entry + "': a --models entry is named after its settings; "
                        + "drop name=");
            }
            spec = spec.with(e.getKey(), e.getValue());
        }
        return s.settings().isEmpty() ? spec : spec.named(SpecSyntax.name(s.base(), s.settings()));
    }

    /** The experiment for {@code task} with the given models (those that fit the task), budget and seeds. */
    public static Experiment experiment(String task, List<String> models, Budget budget) {
        return switch (task) {
            case "classification" -> classification(models, budget);
            case "translation" -> translation(models, budget);
            case "forecasting" -> forecasting(models, budget);
            default -> throw new IllegalArgumentException("Unknown task '" + task + "'; use " + String.join(", ", TASKS)
                    + " or all");
        };
    }

    /**
     * The command-line names as specs of width {@code h}: the recurrent family and its variants, the CNN and a
     * Transformer with {@code transformerLayers} blocks and 4 heads. Tasks add what is theirs (e.g. attention).
     */
    static Map<String, ModelSpec> catalog(int h, int transformerLayers) {
        Map<String, ModelSpec> c = new LinkedHashMap<>();
        c.put("rnn", Models.rnn(h).named("rnn"));
        c.put("lstm", Models.lstm(h).named("lstm"));
        c.put("bilstm", Models.lstm(h).bidirectional().named("bilstm"));
        c.put("gru", Models.gru(h).named("gru"));
        c.put("bigru", Models.gru(h).bidirectional().named("bigru"));
        c.put("peephole", Models.peephole(h).named("peephole"));
        c.put("cifg", Models.cifg(h).named("cifg"));
        c.put("cnn", Models.cnn(h).named("cnn"));
        c.put("transformer", Models.transformer(transformerLayers, h, 4).named("transformer"));
        return c;
    }

    /** Which of {@code models} the task can build, as specs named like the command-line entries. */
    static List<ModelSpec> specs(Map<String, ModelSpec> catalog, List<String> models) {
        List<ModelSpec> out = new ArrayList<>();
        for (String m : models) {
            ModelSpec s = resolve(catalog, m);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The Adam learning rate of each model family at every budget: quick trains at it, standard and full try a third
     * of it, it and three times it on the validation split ({@link Budget#tuning()}).
     * <ul>
     *   <li>{@code rnn}, {@code lstm}, {@code gru} (every recurrent variant: bidirectional, peephole, coupled-gate,
     *       attention) and {@code cnn}: 3e-3. Three times Adam's default 1e-3 (Kingma and Ba 2015), because the quick
     *       budget gives few steps; the standard budget's tuning kept it or moved it by one step of the grid (README,
     *       "Fair defaults").</li>
     *   <li>{@code transformer}: 1e-3 with a linear warm-up over the first tenth of the planned optimizer steps. The
     *       encoder layers are post-norm, which needs a warm-up to train stably with Adam (Xiong et al. 2020, "On layer
     *       normalization in the Transformer architecture", ICML; Popel and Bojar 2018, "Training tips for the
     *       Transformer model", section 4.6), and a lower rate than the recurrent models take (Vaswani et al. 2017
     *       peak at about 1e-3 for their base model).</li>
     * </ul>
     *
     * @param family a model family ({@link seqlab.model.Models#FAMILIES})
     * @return its rate
     */
    public static double learningRate(String family) {
        return switch (family) {
            case "rnn", "lstm", "gru", "cnn" -> 3e-3;
            case "transformer" -> 1e-3;
            default -> throw new IllegalArgumentException("No documented learning rate for family '" + family
                    + "'; families: " + seqlab.model.Models.FAMILIES);
        };
    }

    /** The fraction of a Transformer's planned optimizer steps spent warming its learning rate up. */
    public static final double WARMUP_FRACTION = 0.1;

    /**
     * The documented rates ({@link #learningRate}) on top of {@code e}'s shared training, the Transformer's warm-up
     * sized from {@code plannedSteps} (an upper bound: early stopping can end training sooner), and the budget's
     * tuning.
     */
    static Experiment fair(Experiment e, long plannedSteps, Budget budget) {
        int warmup = (int) Math.max(1, Math.round(WARMUP_FRACTION * plannedSteps));
        for (String f : seqlab.model.Models.FAMILIES) {
            if (e.task().families().contains(f)) {
                double lr = learningRate(f);
                e = f.equals("transformer")
                        ? e.train(f, t -> t.lr(lr).schedule(LrSchedule.warmup(warmup, LrSchedule.constant()), true))
                        : e.train(f, t -> t.lr(lr));
            }
        }
        return e.tune(budget.tuning());
    }

    /** Optimizer steps of {@code epochs} epochs over {@code examples} training examples in batches of {@code batch}. */
    private static long steps(int examples, int batch, int epochs) {
        return (long) Math.ceil(examples / (double) batch) * epochs;
    }

    /** Classification's {@code attention}: an LSTM whose steps are pooled by a learned query. */
    private static ModelSpec classificationAttention(int h) {
        return Models.lstm(h).with("pool", "attention").named("attention");
    }

    /** Sentiment (UCI Sentiment Labelled Sentences, 3000 sentences): accuracy and macro-F1. */
    public static Experiment classification(List<String> models, Budget budget) {
        return classification(Datasets.sentiment(), models, budget);
    }

    /** The classification comparison on any labelled texts (the user's own file, say). */
    public static Experiment classification(TextDataset data, List<String> models, Budget budget) {
        int h = budget == Budget.FULL ? 128 : 64;
        Map<String, ModelSpec> catalog = catalog(h, 2);
        catalog.put("attention", classificationAttention(h));
        var options = ClassificationTask.Options.defaults().embedding(h).maxLength(budget == Budget.QUICK ? 40 : 60);
        var task = new ClassificationTask(data, options);
        int epochs = switch (budget) {
            case QUICK -> 6;
            case STANDARD -> 15;
            case FULL -> 30;
        };
        var o = task.options();
        int train = (int) Math.round(data.rows().size() * (1 - o.validation() - o.test()));
        return fair(Experiment.on(task).compare(specs(catalog, models).toArray(new ModelSpec[0]))
                .train(t -> t.epochs(epochs).batchSize(32).adam(3e-3).clipNorm(1.0).patience(3))
                .seeds(budget.seeds()), steps(train, 32, epochs), budget);
    }

    /**
     * The shipped series the forecasting comparison backtests, each of its own character: monthly airline passengers
     * (Box &amp; Jenkins series G; trend and a multiplicative yearly season), monthly Mauna Loa CO2 (a strong trend, a
     * small season), daily US births (weekday and yearly patterns), the yearly Nile flow (noisy, a level shift, no
     * season) and Seattle's daily maximum temperature (noisy, a yearly season of 365 days).
     */
    public static final List<String> FORECASTING_SERIES = List.of("airline:passengers", "co2-monthly:co2",
            "us-births:births", "nile:volume", "seattle-weather:temp_max");

    /**
     * Forecasting across {@link #FORECASTING_SERIES}: a rolling-origin backtest on each series (quick 3 origins,
     * standard 5, full 8; each series its own horizon, its season or 12), models trained per series with a Gaussian
     * head so that every candidate gives 80% and 95% intervals, and the statistical baselines refitted at every
     * origin. Quick keeps the last three years of the daily series and trains each model for at most 500 steps.
     * The report ranks every candidate across the series (mean rank, geometric mean of MASE relative to seasonal
     * naive) above per-series tables and charts.
     */
    public static Experiment forecasting(List<String> models, Budget budget) {
        var options = ForecastingTask.Options.defaults().backtest(forecastingOrigins(budget))
                .tail(budget == Budget.QUICK ? 1096 : budget == Budget.STANDARD ? 3653 : 0);
        var task = ForecastingTask.panel(FORECASTING_SERIES.stream().map(n -> (TimeSeries) Datasets.load(n)).toList(),
                options);
        return forecasting(task, models, budget);
    }

    /** The backtest origins of each budget: 3, 5 or 8. */
    public static int forecastingOrigins(Budget budget) {
        return switch (budget) {
            case QUICK -> 3;
            case STANDARD -> 5;
            case FULL -> 8;
        };
    }

    /** The forecasting comparison's models and training on any forecasting task (the user's own series, say). */
    public static Experiment forecasting(ForecastingTask task, List<String> models, Budget budget) {
        return forecastingOf(task, specs(forecastingCatalog(budget), models), budget);
    }

    private static Map<String, ModelSpec> forecastingCatalog(Budget budget) {
        int h = budget == Budget.FULL ? 64 : 32;
        Map<String, ModelSpec> catalog = new LinkedHashMap<>();
        catalog(h, 1).forEach((name, spec) -> catalog.put(name, spec.with("likelihood", "gaussian").named(name)));
        return catalog;
    }

    private static Experiment forecastingOf(ForecastingTask task, List<ModelSpec> specs, Budget budget) {
        int epochs = budget == Budget.QUICK ? 150 : 300;
        // a step budget, not seconds: the same steps on every machine, so the numbers do not depend on its speed
        long steps = budget == Budget.QUICK ? 500 : 0;
        // the Transformer's warm-up is sized from the steps planned: the budget, else the first series' epochs
        int windows = task.folds().get(0).trainEnd() - task.lookback() - task.horizon() + 1;
        long planned = steps > 0 ? steps : steps(windows, 32, epochs);
        return fair(Experiment.on(task).compare(specs.toArray(new ModelSpec[0]))
                .train(t -> t.epochs(epochs).batchSize(32).adam(3e-3).clipNorm(1.0).patience(25).stepBudget(steps))
                .seeds(budget.seeds()), planned, budget);
    }

    /**
     * Spanish to English Bible verses (Reina-Valera 1909 and the King James Version, public domain, from Debian's SWORD
     * modules): BLEU (sacreBLEU's 13a on detokenised, cased text, main) and chrF on held-out verses; GRU
     * encoder-decoders with and without additive attention, the other recurrent families and a Transformer, all on
     * the same joint BPE subwords, split, recipe and step budget.
     *
     * <p>Why this corpus: on the shipped de-en dictionary pairs most German words occur once, and the best model
     * reached BLEU 2.8 after 8,000 steps (copying the source: 0.2 BLEU, 13.0 chrF), so no budget of
     * {@code ./seqlab compare} could show a difference there ({@link TranslationRecipe} has the measurements). The
     * Bible's two literal translations of the same texts share names, numbers and a small, repetitive vocabulary: the
     * same attention model passes copying on es-en after 400 steps (validation BLEU 2.1 / chrF 17.2 against 0.6 /
     * 16.7) and reaches test BLEU 5.0 / chrF 20.1 after 800 steps (214 CPU seconds; copying 0.6 / 17.4), still
     * rising. The quick budget's 400 steps a model (about 110 CPU seconds each) stop short of that: BLEU 5 for every
     * default model would take about four times the quick budget's share of 2 cores.
     *
     * <p>Recipe (the same for every model, so they stay comparable): teacher forcing with label smoothing 0.1, Adam
     * at the family's rate ({@link #learningRate}, tuned at standard) with a linear warm-up over the first tenth of the
     * steps and a cosine decay to 3e-4, counted in optimizer steps, gradient clipping at norm 1, batches of similar source length, validation loss and BLEU
     * four times a run, the best weights restored, greedy decoding.
     */
    public static Experiment translation(List<String> models, Budget budget) {
        return translation(Datasets.esEn(), models, budget);
    }

    /** The translation comparison on any parallel corpus (the user's own file, say). */
    public static Experiment translation(ParallelCorpus corpus, List<String> models, Budget budget) {
        int h = budget == Budget.FULL ? 128 : 64;
        Map<String, ModelSpec> catalog = catalog(h, 2);
        catalog.remove("cnn");
        catalog.put("attention", Models.gru(h).with("attention", "additive").named("attention"));
        boolean quick = budget == Budget.QUICK;
        // the same number of optimizer steps for every model, not the same seconds: a step budget keeps trials
        // deterministic, so a rerun, another machine or a Spark executor gives the same numbers
        int steps = (int) (quick ? QUICK_TRANSLATION_STEPS : budget == Budget.STANDARD ? 3000 : 8000);
        var options = TranslationTask.Options.defaults().embedding(h).maxWords(quick ? 14 : 20)
                .bpe(quick ? 1000 : 2000, true).lengthBuckets(4).validationEvery(steps / 4)
                .validationBleuSentences(quick ? 50 : 200);
        var task = new TranslationTask(corpus, options);
        Experiment e = fair(Experiment.on(task).compare(specs(catalog, models).toArray(new ModelSpec[0]))
                .train(t -> translationRecipe(t, steps))
                .seeds(budget.seeds()), steps, budget);
        // fair() warms the Transformer up to a constant rate; translation's recipe warms up and decays every family
        // alike, so the Transformer keeps its own rate and the recipe's schedule
        double transformerLr = learningRate("transformer");
        return e.train("transformer", t -> translationRecipe(t, steps).lr(transformerLr));
    }

    /**
     * The translation recipe over {@code steps} optimizer steps: batch 32, Adam 3e-3 with a linear warm-up over the
     * first tenth of the steps and a cosine decay to 3e-4 (per step), clipping at norm 1, label smoothing 0.1
     * (Szegedy et al. 2016), no early stop (the best validation weights are restored).
     */
    static TrainConfig translationRecipe(TrainConfig t, int steps) {
        int warmup = Math.max(1, steps / 10);
        return t.epochs(1000).batchSize(32).adam(3e-3).clipNorm(1.0).labelSmoothing(0.1).patience(0)
                .schedule(LrSchedule.warmup(warmup, LrSchedule.cosine(Math.max(1, steps - warmup), 3e-4)), true)
                .stepBudget(steps);
    }
}
