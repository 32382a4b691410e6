package seqlab.experiment;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How an experiment chooses each model's learning rate before comparing: every model trains at a few multiples of
 * its own rate (the family's, from {@link Experiment#train(String, java.util.function.UnaryOperator)}, or the shared
 * one) on the first {@link #seeds()} seeds, and the rate with the best mean validation score of the task's main metric
 * is the one its seeds run with. The test split is never looked at. Ties go to the model's own rate.
 *
 * <p>The tuning trials are ordinary trials with their own identity: they are saved, reused on a rerun, and the one at
 * the chosen rate is the first seed of the comparison, so tuning costs {@code factors - 1} extra trials per model and
 * tuning seed. Baselines keep the shared training.
 *
 * @param factors multiples of each model's rate to try; empty for no tuning
 * @param seeds   how many of the experiment's first seeds the choice is made on (at least 1)
 */
public record Tuning(List<Double> factors, int seeds) {

    public Tuning {
        factors = List.copyOf(factors);
        for (double f : factors) {
            if (!(f > 0) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("tuning: a learning-rate factor must be a positive number, got " + f);
            }
        }
        if (factors.size() != factors.stream().distinct().count()) {
            throw new IllegalArgumentException("tuning: factors " + factors + " repeat a value; give each once");
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("tuning: seeds must be at least 1, got " + seeds);
        }
    }

    /** No tuning: every model trains at its own rate. */
    public static Tuning none() {
        return new Tuning(List.of(), 1);
    }

    /**
     * A third of each model's rate, the rate, and three times it (half a decade apart, the usual spacing of a
     * learning-rate grid), chosen on the first seed.
     */
    public static Tuning learningRate() {
        return new Tuning(List.of(1.0 / 3, 1.0, 3.0), 1);
    }

    /** Parses {@code none} or {@code lr}, with an error listing them. */
    public static Tuning parse(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> none();
            case "lr" -> learningRate();
            default -> throw new IllegalArgumentException("Unknown tuning '" + s + "'; use none or lr");
        };
    }

    /** This tuning with the choice made on the first {@code n} seeds. */
    public Tuning seeds(int n) {
        return new Tuning(factors, n);
    }

    /** Whether any rate is tried besides the model's own. */
    public boolean active() {
        return !factors.isEmpty() && !(factors.size() == 1 && factors.get(0) == 1.0);
    }

    /**
     * The rates tried for a model whose own rate is {@code base}, its own first (so that it wins ties), each to three
     * significant digits so tables and trial names read well.
     */
    public List<Double> rates(double base) {
        List<Double> f = new ArrayList<>(factors);
        f.sort(Comparator.comparingDouble(x -> Math.abs(Math.log(x))));
        List<Double> out = new ArrayList<>();
        for (double x : f) {
            double r = new BigDecimal(base * x).round(new MathContext(3)).doubleValue();
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** {@code none}, or e.g. {@code lr x [0.333, 1, 3] on 1 seed}. */
    @Override
    public String toString() {
        if (!active()) {
            return "none";
        }
        List<String> f = factors.stream().map(x -> new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros()
                .toPlainString()).toList();
        return "lr x " + f + " on " + seeds + (seeds == 1 ? " seed" : " seeds");
    }
}
