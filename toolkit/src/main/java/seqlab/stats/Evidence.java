package seqlab.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a paired test says about the difference {@code candidate − reference} on one metric: the observed difference
 * with its confidence interval, and the two-sided p-value of "no difference". Every test of this package that a
 * verdict can rest on returns one: {@link SeedTest} (over seeds), {@link PairedBootstrap.Result} (over test examples,
 * for any metric computed from summed per-example statistics), {@link McNemar.Result} (paired classifications) and
 * {@link DieboldMariano.Result} (forecast errors). {@link #joint} requires several at once.
 */
public sealed interface Evidence
        permits SeedTest, PairedBootstrap.Result, McNemar.Result, DieboldMariano.Result, Evidence.Joint {

    /** The test and its sample, e.g. {@code "paired t over 5 seeds"}. */
    String test();

    /** Two-sided p-value of the null hypothesis "no difference"; 1 when the two inputs are identical. */
    double pValue();

    /** The observed difference {@code candidate − reference} (metric units) and its confidence interval. */
    ConfidenceInterval difference();

    /** Training seeds the test generalises over (1 when it looks at one seed pair's outputs). */
    int seeds();

    /** Test examples (or forecast points) the test resamples or pairs; 0 for a test over seed scores only. */
    int examples();

    /** Whether the two inputs are identical, so nothing can be tested (every paired difference is 0). */
    boolean identical();

    /**
     * Evidence that holds only when every part does: an intersection–union test (Berger 1982, "Multiparameter
     * hypothesis testing and acceptance sampling", Technometrics 24(4)). It rejects "no difference" when each part
     * rejects, so its p-value is the largest of theirs, and it is a level-α test without any multiplicity
     * correction. Its interval is the smallest one that covers every part's, so it excludes 0 exactly when all of
     * theirs do. The verdict layer uses it to require that a difference generalises over seeds (training randomness)
     * and over test examples (the test sample) at once.
     *
     * @param parts at least one piece of evidence about the same difference, at the same confidence level
     * @return the joint evidence
     */
    static Evidence joint(Evidence... parts) {
        return new Joint(List.of(parts));
    }

    /**
     * The intersection–union combination of {@link #joint}.
     *
     * @param parts the evidence combined, in the order given (the first supplies the point estimate)
     */
    record Joint(List<Evidence> parts) implements Evidence {
        public Joint {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("Joint evidence: no parts; pass at least one test result");
            }
            double level = parts.get(0).difference().level();
            for (Evidence e : parts) {
                if (e.difference().level() != level) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "Joint evidence: confidence levels"
                            + " %s and %s differ; compute every part at the same level", level,
                            e.difference().level()));
                }
            }
        }

        @Override
        public String test() {
            List<String> names = new ArrayList<>();
            for (Evidence e : parts) {
                names.add(e.test());
            }
            return String.join(" and ", names);
        }

        @Override
        public double pValue() {
            double p = 0;
            for (Evidence e : parts) {
                p = Math.max(p, e.pValue());
            }
            return p;
        }

        @Override
        public ConfidenceInterval difference() {
            ConfidenceInterval first = parts.get(0).difference();
            double lower = first.lower();
            double upper = first.upper();
            int n = first.n();
            for (Evidence e : parts) {
                lower = Math.min(lower, e.difference().lower());
                upper = Math.max(upper, e.difference().upper());
                n = Math.max(n, e.difference().n());
            }
            return new ConfidenceInterval(first.estimate(), lower, upper, first.level(), n);
        }

        @Override
        public int seeds() {
            return parts.stream().mapToInt(Evidence::seeds).max().orElse(0);
        }

        @Override
        public int examples() {
            return parts.stream().mapToInt(Evidence::examples).max().orElse(0);
        }

        @Override
        public boolean identical() {
            return parts.stream().allMatch(Evidence::identical);
        }
    }
}
