package seqlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.nn.Module;
import seqlab.train.BatchSource;
import seqlab.train.EpochResult;
import seqlab.train.History;
import seqlab.train.LossFunction;
import seqlab.train.Seeds;
import seqlab.train.StepEvent;
import seqlab.train.Trainer;
import seqlab.train.TrainingListener;

/**
 * The one trial skeleton every task runs: prepare the data → build the model → train it with a {@link Trainer}
 * configured from the trial's {@link TrainConfig} → record each epoch → predict → metrics → {@link TrialResult}.
 * A task supplies only what is its own through {@link Hooks}: its data handling, its model and head, its metrics.
 *
 * <pre>{@code
 * public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
 *     return TrialTemplate.run(spec, engine, listener, new MyTrial(prepare(spec.seed()), spec, engine));
 * }
 * }</pre>
 */
public final class TrialTemplate {
    private TrialTemplate() {
    }

    /** What a task does in one trial. */
    public interface Hooks {
        /**
         * The models this trial trains, in order: none for a baseline computed without training, one usually, one
         * per origin for a retrained rolling-origin backtest.
         */
        List<? extends Fit<?, ?>> fits();

        /** The test metrics (main metric first) and extras, from what the fits predicted or the baseline computed. */
        Outcome outcome();
    }

    /** One model trained and used: the task's model, head, data and predictions. */
    public interface Fit<M extends Module, B> {
        /** The untrained model, its weights drawn from {@code init}. */
        M build(RandomSource init);

        /** The training loss of a batch. */
        LossFunction<? super M, ? super B> loss();

        /** The training examples. */
        BatchSource<B> training();

        /** The validation examples (early stopping, best-epoch weights), or null when there are none. */
        BatchSource<B> validation();

        /** Sequence steps in a batch, for the throughput figure. */
        ToIntFunction<? super B> tokens();

        /** Anything beyond the trial's {@link TrainConfig} (a monitored metric, say); nothing by default. */
        default void configure(Trainer<M, B> trainer) {
        }

        /** The epoch's validation metric for the curve (the task's main metric), NaN when there is none. */
        default double epochMetric(M model, EpochResult epoch) {
            return Double.NaN;
        }

        /** Predicts what the metrics need with the trained model (in eval mode, best weights restored). */
        void predict(M model);
    }

    /**
     * What a trial measured.
     *
     * @param metrics    test metrics by name, main metric first
     * @param validation validation metrics by name: a baseline's, computed on the validation split; for a trained
     *                   model the template adds the main metric of the kept epoch from the curve
     * @param extras     the task's per-example outputs and report material
     */
    public record Outcome(Map<String, Double> metrics, Map<String, Double> validation, Extras extras) {
        public Outcome {
            Objects.requireNonNull(metrics, "metrics");
            validation = validation == null ? Map.of() : validation;
        }

        /** An outcome without validation metrics of its own (a trained model's come from its curve). */
        public Outcome(Map<String, Double> metrics, Extras extras) {
            this(metrics, Map.of(), extras);
        }
    }

    /** {@code size} examples that {@code collate} turns into a batch, given their indices in the order the trainer picks. */
    public static <B> BatchSource<B> examples(int size, java.util.function.Function<int[], B> collate) {
        return new BatchSource<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public B batch(int[] indices) {
                return collate.apply(indices);
            }
        };
    }

    /** Runs one trial of {@code hooks}: every fit in turn, then the outcome. */
    public static TrialResult run(TrialSpec spec, Engine engine, TrialListener listener, Hooks hooks) {
        Map<String, Object> provenance = Provenance.collect(engine);
        long parameters = 0;
        int epochs = 0, bestEpoch = 0;
        boolean budget = false;
        double seconds = 0, tokens = 0;
        List<EpochStats> curve = List.of();
        List<? extends Fit<?, ?>> fits = hooks.fits();
        for (int i = 0; i < fits.size(); i++) {
            Trained t = train(spec, listener, fits.get(i), i + 1, fits.size());
            parameters = Math.max(parameters, t.parameters); // one model per series: the largest
            curve = t.curve;
            epochs = t.curve.size();
            bestEpoch = t.bestEpoch;
            budget = t.budgetExhausted;
            seconds += t.seconds;
            tokens += t.tokens;
        }
        Outcome o = hooks.outcome();
        Map<String, Double> validation = new java.util.LinkedHashMap<>(o.validation());
        if (!o.metrics().isEmpty() && bestEpoch >= 1 && bestEpoch <= curve.size()) {
            // the curve's metric is the main metric on the validation split, and the best epoch's weights are kept
            double kept = curve.get(bestEpoch - 1).metric();
            if (Double.isFinite(kept)) {
                validation.putIfAbsent(o.metrics().keySet().iterator().next(), kept);
            }
        }
        return new TrialResult(spec, TrialResult.Status.OK, "", parameters, epochs, bestEpoch, budget, seconds,
                seconds > 0 ? tokens / seconds : 0, o.metrics(), validation, curve, o.extras(), provenance);
    }

    private record Trained(long parameters, List<EpochStats> curve, int bestEpoch, boolean budgetExhausted,
                           double seconds, double tokens) {
    }

    private static <M extends Module, B> Trained train(TrialSpec spec, TrialListener listener, Fit<M, B> fit,
                                                       int fitNumber, int fits) {
        TrainConfig tc = spec.train();
        M model = fit.build(Seeds.of(spec.seed()).init());
        BatchSource<B> validation = fit.validation();
        Trainer<M, B> trainer = Trainer.of(model, fit.loss());
        // early stopping watches validation data; without any, train the full budget
        Training.configure(trainer, validation == null ? tc.patience(0) : tc, spec.seed());
        trainer.tokens(fit.tokens());
        // the experiment shows progress for all its trials at once; a bar per trainer would interleave
        trainer.progress(false);
        fit.configure(trainer);
        List<EpochStats> curve = new ArrayList<>();
        trainer.listener(new TrainingListener() {
            @Override
            public void onStep(StepEvent e) {
                if (Thread.currentThread().isInterrupted()) {
                    // a stopped run (a notebook's interrupt, a pool shut down) ends its trials at the next step
                    throw new java.util.concurrent.CancellationException("the run was interrupted");
                }
                listener.stepEnded(spec, new TrialProgress(fitNumber, fits, e.epoch() + 1, tc.epochs(), e.batch() + 1,
                        e.batches(), e.step(), tc.stepBudget(), e.loss()));
            }

            @Override
            public void onEpoch(EpochResult e) {
                EpochStats s = new EpochStats(e.epoch() + 1, e.trainLoss(), e.validationLoss(),
                        fit.epochMetric(model, e), e.seconds(), e.meanGradNorm());
                curve.add(s);
                listener.epochEnded(spec, s);
            }
        });
        History h = trainer.fit(fit.training(), validation);
        model.eval();
        fit.predict(model);
        double seconds = 0, tokens = 0;
        for (EpochResult e : h.epochs()) {
            seconds += e.seconds();
            tokens += e.tokensPerSecond() * e.seconds();
        }
        int kept = trainer.restoresBest() ? h.bestEpoch() + 1 : h.epochs().size();
        return new Trained(model.parameterCount(), List.copyOf(curve), kept, trainer.budgetExhausted(), seconds,
                tokens);
    }
}
