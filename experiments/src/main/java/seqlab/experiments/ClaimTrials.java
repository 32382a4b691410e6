package seqlab.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import seqlab.datasets.Datasets;
import seqlab.engine.RandomSource;
import seqlab.experiment.ClassificationExtras;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.ForecastExtras;
import seqlab.experiment.Experiment;
import seqlab.experiment.TranslationTask;
import seqlab.experiment.TrialResult;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.PerExample;

/**
 * What the claim experiments that run through {@link seqlab.experiment.Experiment} share: a progress line per
 * trial, trials grouped by model in seed order, and the paired {@link ClaimTests.Scores} of two models on the seeds
 * both finished, with each seed's per-example outputs for the test over test examples.
 */
final class ClaimTrials {
    private ClaimTrials() {
    }

    /** Checks a translation corpus name: the synthetic dictionary language or German-English. */
    static void checkCorpus(String experiment, String corpus) {
        if (!corpus.equals(AttentionLength.DICTIONARY) && !corpus.equals("de-en")) {
            throw new IllegalArgumentException(experiment + ": unknown corpus '" + corpus + "'; use de-en or "
                    + AttentionLength.DICTIONARY);
        }
    }

    /**
     * The translation task of a claim experiment: {@code pairs} sentences of a synthetic word-for-word language (a
     * fixed dictionary of 40 words, seed 2015), or the German-English pairs, sentences of up to {@code maxWords}
     * words, embeddings of {@code width}, validation BLEU on 50 sentences each epoch.
     */
    static TranslationTask translation(String corpus, int pairs, int maxWords, int width) {
        var data = corpus.equals(AttentionLength.DICTIONARY)
                ? SyntheticTasks.dictionaryCorpus(pairs, 1, maxWords, 40, new RandomSource(2015)) : Datasets.deEn();
        return new TranslationTask(data, TranslationTask.Options.defaults().embedding(width).maxWords(maxWords)
                .validationBleuSentences(50));
    }

    /**
     * Sentiment classification with embeddings of {@code width}, sentences cut to 30 tokens, on {@code sentences} of
     * the 3000 (a stratified subset per seed; 0 for all).
     */
    static ClassificationTask sentiment(int width, int sentences) {
        return new ClassificationTask(Datasets.sentiment(), ClassificationTask.Options.defaults().embedding(width)
                .maxLength(30).maxExamples(sentences));
    }

    /** A sentence of what a corpus is, for budget lines. */
    static String corpusWords(String corpus, int pairs) {
        return corpus.equals(AttentionLength.DICTIONARY) ? pairs + " pairs of a synthetic word-for-word language"
                : "German-English";
    }

    /** "300 steps", or "up to 15 epochs" when there is no step budget. */
    static String stepsOrEpochs(long steps, int epochs) {
        return steps > 0 ? steps + " steps" : "up to " + epochs + " epochs";
    }

    /** {@code e} run as the experiment's context says: its trials side by side, its progress shown or not. */
    static Experiment within(Experiment e, ClaimExperiment.Context ctx) {
        return e.parallelism(ctx.parallelism()).progress(ctx.progress());
    }

    /** The trials by model name (in first-seen order), each list sorted by seed. */
    static Map<String, List<TrialResult>> byModel(List<TrialResult> trials) {
        Map<String, List<TrialResult>> out = new LinkedHashMap<>();
        for (TrialResult r : trials) {
            out.computeIfAbsent(r.spec().model().name(), k -> new ArrayList<>()).add(r);
        }
        out.values().forEach(l -> l.sort(Comparator.comparingLong(r -> r.spec().seed())));
        return out;
    }

    /** The per-seed values of {@code metric} over the trials that finished. */
    static double[] metric(List<TrialResult> trials, String metric) {
        return trials.stream().filter(TrialResult::ok).mapToDouble(r -> r.metric(metric)).toArray();
    }

    /** Test accuracy per example: 1 for a correct prediction. */
    static PerExample accuracy(TrialResult r) {
        ClassificationExtras x = r.classification();
        return PerExample.accuracy(ints(x.predicted()), ints(x.actual()));
    }

    /** Mean absolute error per forecast point, on the original scale. */
    static PerExample mae(TrialResult r) {
        ForecastExtras x = r.forecast();
        return PerExample.mae(doubles(x.actual()), doubles(x.forecast()));
    }

    /**
     * The comparison of model {@code a} with model {@code b} on the seeds both finished ({@link ClaimTests#difference});
     * not tested, with the failures named, when fewer than 2 seeds remain.
     *
     * @param perExample each trial's per-example outputs, or null when the test is over seeds only
     */
    static Comparison compare(String metric, Direction direction, String a, List<TrialResult> trialsA, String b,
                              List<TrialResult> trialsB, Function<TrialResult, PerExample> perExample) {
        var pair = paired(metric, a, trialsA, b, trialsB, perExample);
        if (pair.reason() != null) {
            return Comparison.notTested(a, b, metric, direction, pair.reason());
        }
        return ClaimTests.difference(metric, direction, pair.a(), pair.b());
    }

    /** {@link #compare} with an equivalence test within {@code ±margin} ({@link ClaimTests#equivalence}). */
    static Comparison equivalence(String metric, Direction direction, String a, List<TrialResult> trialsA, String b,
                                  List<TrialResult> trialsB, Function<TrialResult, PerExample> perExample,
                                  double margin) {
        var pair = paired(metric, a, trialsA, b, trialsB, perExample);
        if (pair.reason() != null) {
            return Comparison.notTested(a, b, metric, direction, pair.reason());
        }
        return ClaimTests.equivalence(metric, direction, pair.a(), pair.b(), margin);
    }

    private record Pair(ClaimTests.Scores a, ClaimTests.Scores b, String reason) {
    }

    private static Pair paired(String metric, String a, List<TrialResult> trialsA, String b, List<TrialResult> trialsB,
                               Function<TrialResult, PerExample> perExample) {
        Map<Long, TrialResult> byB = new LinkedHashMap<>();
        trialsB.stream().filter(TrialResult::ok).forEach(r -> byB.put(r.spec().seed(), r));
        List<TrialResult> pa = new ArrayList<>(), pb = new ArrayList<>();
        for (TrialResult r : trialsA) {
            TrialResult o = byB.get(r.spec().seed());
            if (r.ok() && o != null) {
                pa.add(r);
                pb.add(o);
            }
        }
        if (pa.size() < 2) {
            List<String> failed = new ArrayList<>();
            for (TrialResult r : trialsA) {
                if (!r.ok()) {
                    failed.add(a + " seed " + r.spec().seed() + " " + r.status().name().toLowerCase(Locale.ROOT));
                }
            }
            for (TrialResult r : trialsB) {
                if (!r.ok()) {
                    failed.add(b + " seed " + r.spec().seed() + " " + r.status().name().toLowerCase(Locale.ROOT));
                }
            }
            return new Pair(null, null, pa.size() + (pa.size() == 1 ? " seed" : " seeds") + " where both finished"
                    + (failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")")
                    + ": at least 3 needed; run more seeds");
        }
        return new Pair(scores(a, pa, metric, perExample), scores(b, pb, metric, perExample), null);
    }

    private static ClaimTests.Scores scores(String name, List<TrialResult> trials, String metric,
                                            Function<TrialResult, PerExample> perExample) {
        double[] v = trials.stream().mapToDouble(r -> r.metric(metric)).toArray();
        return new ClaimTests.Scores(name, v, perExample == null ? List.of()
                : trials.stream().map(perExample).toList());
    }

    private static int[] ints(List<Integer> v) {
        return v.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] doubles(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
