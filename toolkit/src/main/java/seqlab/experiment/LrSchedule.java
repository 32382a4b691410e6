package seqlab.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Locale;
import seqlab.train.Schedule;

/**
 * A learning-rate schedule as a value a {@link TrainConfig} holds, stores with each trial and names grid points by
 * ({@link #label()}); {@link #toSchedule()} makes the trainer's {@link Schedule} from {@link Schedule}'s factories, so
 * each formula lives there once. Counted in epochs, or in optimizer steps with
 * {@link TrainConfig#schedule(LrSchedule, boolean)}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LrSchedule.Constant.class, name = "constant"),
    @JsonSubTypes.Type(value = LrSchedule.StepDecay.class, name = "step"),
    @JsonSubTypes.Type(value = LrSchedule.Exponential.class, name = "exponential"),
    @JsonSubTypes.Type(value = LrSchedule.Cosine.class, name = "cosine"),
    @JsonSubTypes.Type(value = LrSchedule.Plateau.class, name = "plateau"),
    @JsonSubTypes.Type(value = LrSchedule.Warmup.class, name = "warmup")
})
public sealed interface LrSchedule {

    /** The trainer's schedule (a fresh one: {@link Plateau}'s keeps state). */
    Schedule toSchedule();

    /** A short name for tables and grid points, e.g. {@code cosine(10,0)}, {@code warmup(4)+step(5,0.5)}. */
    String label();

    /** The base rate throughout. */
    static LrSchedule constant() {
        return new Constant();
    }

    /** {@code base * gamma^floor(t / every)}, as PyTorch's {@code StepLR}. */
    static LrSchedule step(int every, double gamma) {
        return new StepDecay(every, gamma);
    }

    /** {@code base * gamma^t}, as {@code ExponentialLR}. */
    static LrSchedule exponential(double gamma) {
        return new Exponential(gamma);
    }

    /** Cosine annealing to 0 over {@code period} (Loshchilov &amp; Hutter 2017, eq. 5, no restarts). */
    static LrSchedule cosine(int period) {
        return new Cosine(period, 0);
    }

    /** Cosine annealing to {@code minLr} over {@code period}. */
    static LrSchedule cosine(int period, double minLr) {
        return new Cosine(period, minLr);
    }

    /** Multiplies the rate by {@code factor} after more than {@code patience} epochs without a better validation loss. */
    static LrSchedule plateau(double factor, int patience) {
        return new Plateau(factor, patience);
    }

    /** A linear warm-up over {@code length} units, then {@code then} counted from 0 (Goyal et al. 2017, section 2.2). */
    static LrSchedule warmup(int length, LrSchedule then) {
        return new Warmup(length, then);
    }

    /** The base rate throughout. */
    record Constant() implements LrSchedule {
        @Override
        public Schedule toSchedule() {
            return Schedule.constant();
        }

        @Override
        public String label() {
            return "constant";
        }
    }

    /** @param every units between decays; @param gamma factor per decay */
    record StepDecay(int every, double gamma) implements LrSchedule {
        public StepDecay {
            if (every < 1 || !(gamma > 0)) {
                throw new IllegalArgumentException("step schedule: every must be >= 1 and gamma > 0, got " + every
                        + ", " + gamma);
            }
        }

        @Override
        public Schedule toSchedule() {
            return Schedule.step(every, gamma);
        }

        @Override
        public String label() {
            return "step(" + every + "," + num(gamma) + ")";
        }
    }

    /** @param gamma factor per unit */
    record Exponential(double gamma) implements LrSchedule {
        public Exponential {
            if (!(gamma > 0)) {
                throw new IllegalArgumentException("exponential schedule: gamma must be > 0, got " + gamma);
            }
        }

        @Override
        public Schedule toSchedule() {
            return Schedule.exponential(gamma);
        }

        @Override
        public String label() {
            return "exponential(" + num(gamma) + ")";
        }
    }

    /** @param period units to the minimum; @param minLr the rate reached */
    record Cosine(int period, double minLr) implements LrSchedule {
        public Cosine {
            if (period < 1 || !(minLr >= 0)) {
                throw new IllegalArgumentException("cosine schedule: period must be >= 1 and minLr >= 0, got " + period
                        + ", " + minLr);
            }
        }

        @Override
        public Schedule toSchedule() {
            return Schedule.cosine(period, minLr);
        }

        @Override
        public String label() {
            return "cosine(" + period + "," + num(minLr) + ")";
        }
    }

    /** @param factor rate multiplier; @param patience epochs without improvement tolerated */
    record Plateau(double factor, int patience) implements LrSchedule {
        public Plateau {
            if (!(factor > 0 && factor < 1) || patience < 0) {
                throw new IllegalArgumentException("plateau schedule: factor must lie in (0, 1) and patience >= 0, got "
                        + factor + ", " + patience);
            }
        }

        @Override
        public Schedule toSchedule() {
            return Schedule.reduceOnPlateau(factor, patience);
        }

        @Override
        public String label() {
            return "plateau(" + num(factor) + "," + patience + ")";
        }
    }

    /**
     * The rate rises linearly, {@code base * (t + 1) / length} for {@code t < length}, then follows {@code then} from
     * its start.
     *
     * @param length units of warm-up
     * @param then   the schedule after it
     */
    record Warmup(int length, LrSchedule then) implements LrSchedule {
        public Warmup {
            if (length < 1) {
                throw new IllegalArgumentException("warm-up length must be >= 1, got " + length);
            }
            if (then == null) {
                throw new IllegalArgumentException("warm-up needs the schedule that follows it, e.g. LrSchedule.constant()");
            }
            if (then instanceof Plateau || then instanceof Warmup) {
                throw new IllegalArgumentException("a warm-up can be followed by constant, step, exponential or cosine, "
                        + "not " + then.label());
            }
        }

        @Override
        public Schedule toSchedule() {
            // linear from 1/length at t = 0 to 1 at t = length - 1: (t + 1) / length
            Schedule rise = length == 1 ? Schedule.constant() : Schedule.linear(1.0 / length, 1.0, length - 1);
            return Schedule.sequence(rise, length, then.toSchedule());
        }

        @Override
        public String label() {
            return "warmup(" + length + ")+" + then.label();
        }
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
