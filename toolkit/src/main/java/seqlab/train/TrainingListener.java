package seqlab.train;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Callbacks from a {@link Trainer}. Every method has an empty default, so a listener overrides what it needs.
 * {@link #onStep} runs before the gradients are cleared, so a listener may read {@code param.grad()} (gradient-flow
 * plots). Notebook front ends plug in here: {@link #epochLines} prints a line per epoch; a kernel can render
 * its own widget from the events.
 */
public interface TrainingListener {

    /** Before the first epoch of a run (or of a resumed run), with the total number of epochs. */
    default void onStart(int firstEpoch, int epochs) {
    }

    /** At the start of an epoch that has {@code batches} steps. */
    default void onEpochStart(int epoch, int batches) {
    }

    default void onStep(StepEvent step) {
    }

    default void onEpoch(EpochResult epoch) {
    }

    /** When the run ends, normally, early or by an error (then {@code error} is not null). */
    default void onEnd(History history, Throwable error) {
    }

    /** A listener that calls {@code action} after every step. */
    static TrainingListener everyStep(Consumer<StepEvent> action) {
        return new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                action.accept(step);
            }
        };
    }

    /** A listener that calls {@code action} after every epoch. */
    static TrainingListener everyEpoch(Consumer<EpochResult> action) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochResult epoch) {
                action.accept(epoch);
            }
        };
    }

    /** One line of text per epoch (loss, validation loss, lr, time), e.g. {@code epochLines(System.out::println)}. */
    static TrainingListener epochLines(Consumer<String> out) {
        return everyEpoch(e -> out.accept(describe(e)));
    }

    /** The line {@link #epochLines} prints. */
    static String describe(EpochResult e) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d: loss %.4f", e.epoch() + 1,
                e.trainLoss()));
        if (!Double.isNaN(e.validationLoss())) {
            sb.append(String.format(Locale.ROOT, ", val loss %.4f", e.validationLoss()));
        }
        if (e.metric() != e.validationLoss() && !Double.isNaN(e.metric())) {
            sb.append(String.format(Locale.ROOT, ", metric %.4f", e.metric()));
        }
        sb.append(String.format(Locale.ROOT, ", lr %.3g, grad norm %.3g, %.1f s, %.0f tok/s%s", e.lr(),
                e.meanGradNorm(), e.seconds(), e.tokensPerSecond(), e.improved() ? " *" : ""));
        return sb.toString();
    }
}
