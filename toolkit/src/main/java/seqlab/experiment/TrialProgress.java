package seqlab.experiment;

import java.util.Locale;

/**
 * How far a running trial has come, after one optimizer step: what live progress lines and bars show.
 *
 * @param fit      the model being trained, from 1 (a rolling-origin backtest trains one per origin)
 * @param fits     models the trial trains
 * @param epoch    the current epoch, from 1
 * @param epochs   the epoch budget
 * @param batch    batches done in this epoch
 * @param batches  batches per epoch
 * @param step     optimizer steps done in this fit
 * @param maxSteps the step budget, 0 for none
 * @param loss     the step's training loss
 */
public record TrialProgress(int fit, int fits, int epoch, int epochs, int batch, int batches, long step,
                            long maxSteps, double loss) {

    /** Whether the step budget ends training before the epoch budget does. */
    public boolean stepBound() {
        return maxSteps > 0 && maxSteps < (long) Math.max(1, epochs) * Math.max(1, batches);
    }

    /** The share of the trial's training done, 0 to 1 (early stopping may end it sooner). */
    public double fraction() {
        double inFit = stepBound() ? (double) step / maxSteps
                : (epoch - 1 + (batches > 0 ? (double) batch / batches : 0)) / Math.max(1, epochs);
        return Math.min(1, Math.max(0, (fit - 1 + Math.min(1, inFit)) / Math.max(1, fits)));
    }

    /** E.g. {@code epoch 3/6}, {@code step 120/550}, or {@code fit 2/5 epoch 3/150}. */
    public String position() {
        String where = stepBound() ? String.format(Locale.ROOT, "step %d/%d", step, maxSteps)
                : String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs);
        return fits > 1 ? String.format(Locale.ROOT, "fit %d/%d %s", fit, fits, where) : where;
    }
}
