package seqlab.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lowers the rate when a validation loss stops improving, as {@code torch.optim.lr_scheduler.ReduceLROnPlateau}
 * with {@code mode='min'} and {@code threshold_mode='rel'}: an epoch is better when {@code loss < best * (1 -
 * threshold)}; after more than {@code patience} epochs in a row that were not better, the rate becomes
 * {@code max(rate * factor, minLr)} (if that changes it by more than {@code eps}) and a cooldown of
 * {@code cooldown} epochs starts, during which bad epochs are not counted.
 */
public final class ReduceOnPlateau implements Schedule {
    private final double factor, threshold, minLr, eps;
    private final int patience, cooldown;
    private double current = Double.NaN;
    private double best = Double.POSITIVE_INFINITY;
    private int bad, cooldownLeft;

    public ReduceOnPlateau(double factor, int patience, double threshold, int cooldown, double minLr, double eps) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceOnPlateau: factor must lie in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0 || threshold < 0 || minLr < 0) {
            throw new IllegalArgumentException("ReduceOnPlateau: patience, cooldown, threshold and minLr must be >= 0");
        }
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
    }

    @Override
    public double rate(int t, double base) {
        if (Double.isNaN(current)) {
            current = base;
        }
        return current;
    }

    @Override
    public void observe(double loss) {
        if (Double.isNaN(current)) {
            throw new IllegalStateException("ReduceOnPlateau: observe() before rate(); the trainer asks for the rate "
                    + "at the start of each epoch");
        }
        if (loss < best * (1 - threshold)) {
            best = loss;
            bad = 0;
        } else {
            bad++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            bad = 0;
        }
        if (bad > patience) {
            double next = Math.max(current * factor, minLr);
            if (current - next > eps) {
                current = next;
            }
            cooldownLeft = cooldown;
            bad = 0;
        }
    }

    /** The rate now in effect (NaN before the first epoch). */
    public double current() {
        return current;
    }

    @Override
    public Map<String, Double> state() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("current", current);
        s.put("best", best);
        s.put("bad_epochs", (double) bad);
        s.put("cooldown_left", (double) cooldownLeft);
        return s;
    }

    @Override
    public void restore(Map<String, Double> s) {
        current = s.get("current");
        best = s.get("best");
        bad = s.get("bad_epochs").intValue();
        cooldownLeft = s.get("cooldown_left").intValue();
    }

    @Override
    public String toString() {
        return "reduceOnPlateau(factor " + factor + ", patience " + patience + ")";
    }
}
