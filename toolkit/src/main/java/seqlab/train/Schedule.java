package seqlab.train;

import java.util.Map;

/**
 * A learning-rate schedule: the rate in effect during epoch {@code t} (or step {@code t}, when a trainer schedules
 * per step), counted from 0, for a base rate. The factories reproduce PyTorch's schedulers in closed form, with
 * PyTorch's convention that {@code rate(0, base)} is the rate of the first epoch and the scheduler advances once
 * after each epoch.
 *
 * <p>A schedule that reacts to validation ({@link #reduceOnPlateau}) is told each epoch's metric through
 * {@link #observe(double)} and keeps state, which {@link #state()} and {@link #restore(Map)} carry through
 * checkpoints.
 */
public interface Schedule {

    /** The rate during epoch (or step) {@code t}, given the optimizer's base rate. */
    double rate(int t, double base);

    /** Told the validation metric after each epoch; only stateful schedules use it. */
    default void observe(double metric) {
    }

    /** The state a checkpoint must keep; empty for schedules that are functions of {@code t}. */
    default Map<String, Double> state() {
        return Map.of();
    }

    /** Restores {@link #state()}. */
    default void restore(Map<String, Double> state) {
    }

    /** The base rate throughout. */
    static Schedule constant() {
        return named("constant", (t, base) -> base);
    }

    /** {@code base * gamma^floor(t / stepSize)}, as {@code StepLR}. */
    static Schedule step(int stepSize, double gamma) {
        positive("step size", stepSize);
        return named("step(" + stepSize + ", " + gamma + ")", (t, base) -> base * Math.pow(gamma, t / stepSize));
    }

    /** {@code base * gamma^t}, as {@code ExponentialLR}. */
    static Schedule exponential(double gamma) {
        return named("exponential(" + gamma + ")", (t, base) -> base * Math.pow(gamma, t));
    }

    /**
     * Cosine annealing from the base rate to {@code etaMin} over {@code tMax} epochs (Loshchilov &amp; Hutter 2017,
     * eq. 5, without restarts), as {@code CosineAnnealingLR}; past {@code tMax} the cosine continues and the rate
     * rises again, as in PyTorch.
     */
    static Schedule cosine(int tMax, double etaMin) {
        positive("T_max", tMax);
        return named("cosine(" + tMax + ", " + etaMin + ")",
                (t, base) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2);
    }

    /** The factor goes linearly from {@code start} to {@code end} over {@code iters} epochs, then stays: {@code LinearLR}. */
    static Schedule linear(double start, double end, int iters) {
        positive("total iterations", iters);
        return named("linear(" + start + " -> " + end + ", " + iters + ")",
                (t, base) -> base * (start + (end - start) * Math.min(t, iters) / iters));
    }

    /**
     * Linear warm-up from 0 over {@code warmup} epochs, then linear decay reaching 0 at {@code total} (the schedule
     * of BERT, Devlin et al. 2019, section A.2).
     */
    static Schedule warmupLinear(int warmup, int total) {
        if (warmup < 0 || total <= warmup) {
            throw new IllegalArgumentException("warmupLinear: need 0 <= warmup < total, got " + warmup + ", " + total);
        }
        return named("warmupLinear(" + warmup + ", " + total + ")", (t, base) -> t < warmup
                ? base * t / warmup
                : base * Math.max(0.0, (double) (total - t) / (total - warmup)));
    }

    /** Linear warm-up from 0 over {@code warmup} epochs, then cosine decay to {@code etaMin} at {@code total}. */
    static Schedule warmupCosine(int warmup, int total, double etaMin) {
        if (warmup < 0 || total <= warmup) {
            throw new IllegalArgumentException("warmupCosine: need 0 <= warmup < total, got " + warmup + ", " + total);
        }
        Schedule cos = cosine(total - warmup, etaMin);
        return named("warmupCosine(" + warmup + ", " + total + ", " + etaMin + ")", (t, base) -> t < warmup
                ? base * t / warmup
                : cos.rate(Math.min(t, total) - warmup, base));
    }

    /**
     * The Transformer's schedule (Vaswani et al. 2017, section 5.3, eq. 3), per optimizer step:
     * {@code base * dModel^-0.5 * min(s^-0.5, s * warmup^-1.5)} with {@code s = t + 1} the step counted from 1. The
     * rate rises linearly for {@code warmup} steps, peaks at {@code base / sqrt(dModel * warmup)} and then decays as
     * {@code 1/sqrt(s)}. The paper uses Adam with base 1 ({@code lr = 1.0}), {@code dModel} 512 and 4,000 warm-up
     * steps; apply it with {@code trainer.schedule(Schedule.noam(d, w), true)}. {@link #inverseSqrt} is the same
     * shape with the peak at {@code base}.
     */
    static Schedule noam(int dModel, int warmup) {
        positive("d_model", dModel);
        positive("warm-up steps", warmup);
        double scale = 1 / Math.sqrt(dModel);
        return named("noam(" + dModel + ", " + warmup + ")",
                (t, base) -> base * scale * Math.min(Math.pow(t + 1, -0.5), (t + 1) * Math.pow(warmup, -1.5)));
    }

    /**
     * Linear warm-up to {@code base} over {@code warmup} steps, then decay with the inverse square root of the step
     * ({@code base * sqrt(warmup / s)}, {@code s = t + 1}): fairseq's {@code inverse_sqrt}, Vaswani et al.'s
     * {@link #noam} rescaled so that {@code base} is the peak rate.
     */
    static Schedule inverseSqrt(int warmup) {
        positive("warm-up steps", warmup);
        Schedule noam = noam(1, warmup);
        double peak = 1 / Math.sqrt(warmup);
        return named("inverseSqrt(" + warmup + ")", (t, base) -> noam.rate(t, base) / peak);
    }

    /** {@code first} before epoch {@code milestone}, then {@code then} counted from 0 again: {@code SequentialLR}. */
    static Schedule sequence(Schedule first, int milestone, Schedule then) {
        if (milestone < 0) {
            throw new IllegalArgumentException("sequence: milestone must be >= 0, got " + milestone);
        }
        return named(first + " until " + milestone + ", then " + then,
                (t, base) -> t < milestone ? first.rate(t, base) : then.rate(t - milestone, base));
    }

    /**
     * Halves (by {@code factor}) the rate when the validation loss has not improved (by a relative 1e-4) for more
     * than {@code patience} epochs, as {@code ReduceLROnPlateau(mode='min')} with PyTorch's defaults otherwise.
     */
    static ReduceOnPlateau reduceOnPlateau(double factor, int patience) {
        return new ReduceOnPlateau(factor, patience, 1e-4, 0, 0.0, 1e-8);
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("schedule: " + what + " must be > 0, got " + v);
        }
    }

    private static Schedule named(String name, Rate rate) {
        return new Schedule() {
            @Override
            public double rate(int t, double base) {
                if (t < 0) {
                    throw new IllegalArgumentException("schedule " + name + ": epoch must be >= 0, got " + t);
                }
                return rate.at(t, base);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A rate as a function of the epoch and the base rate. */
    @FunctionalInterface
    interface Rate {
        double at(int t, double base);
    }
}
