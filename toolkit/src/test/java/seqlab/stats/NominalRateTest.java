package seqlab.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.RandomSource;

/**
 * Size and power on constructed data where the answer is known. Under the null (two models drawn from the same
 * distribution) each test must reject at its nominal rate: the count of rejections over R seeded repetitions must
 * lie within 3.5 binomial standard deviations of R α (a correct test fails this about once in 2,000 seeds; the
 * data are seeded, so the outcome is fixed). Conservative tests (McNemar, TOST at the margin) must stay at or below
 * the upper bound. A clearly better model must be found significant.
 */
class NominalRateTest {
    private static final double ALPHA = 0.05;

    /** How many of {@code reps} seeded repetitions give p &lt; α; each draws its data from the one source. */
    private static int rejections(long seed, int reps, java.util.function.ToDoubleFunction<RandomSource> pValue) {
        RandomSource rng = new RandomSource(seed);
        int count = 0;
        for (int r = 0; r < reps; r++) {
            count += pValue.applyAsDouble(rng) < ALPHA ? 1 : 0;
        }
        return count;
    }

    private static void assertNominal(String test, int rejections, int repetitions) {
        double mean = repetitions * ALPHA;
        double sd = Math.sqrt(repetitions * ALPHA * (1 - ALPHA));
        assertTrue(rejections >= mean - 3.5 * sd && rejections <= mean + 3.5 * sd,
                test + ": " + rejections + " rejections in " + repetitions + " null repetitions, expected about "
                        + Math.round(mean));
    }

    private static void assertAtMostNominal(String test, int rejections, int repetitions) {
        double mean = repetitions * ALPHA;
        double sd = Math.sqrt(repetitions * ALPHA * (1 - ALPHA));
        assertTrue(rejections <= mean + 3.5 * sd, test + ": " + rejections + " rejections in " + repetitions
                + " null repetitions, more than the nominal " + Math.round(mean));
        assertTrue(rejections > 0, test + ": never rejects, so it cannot find anything either");
    }

    @Test
    void pairedTOverSeedsHoldsItsLevel() {
        int reps = 2000;
        int rejections = rejections(1, reps, rng -> {
            double[] a = new double[5];
            double[] b = new double[5];
            for (int s = 0; s < 5; s++) {
                double seedEffect = rng.nextGaussian(); // shared by both models on the same seed
                a[s] = 0.8 + 0.01 * (seedEffect + rng.nextGaussian());
                b[s] = 0.8 + 0.01 * (seedEffect + rng.nextGaussian());
            }
            return SeedTest.of(a, b).pValue();
        });
        assertNominal("paired t", rejections, reps);
    }

    @Test
    void pairedBootstrapHoldsItsLevelAndSacrebleusDefinitionDoesNot() {
        RandomSource rng = new RandomSource(2);
        int reps = 600;
        int ours = 0;
        int sacrebleu = 0;
        PairedBootstrap bootstrap = PairedBootstrap.defaults().resamples(300);
        for (int r = 0; r < reps; r++) {
            double[] a = new double[50];
            double[] b = new double[50];
            for (int i = 0; i < 50; i++) {
                double difficulty = rng.nextGaussian();
                a[i] = difficulty + rng.nextGaussian();
                b[i] = difficulty + rng.nextGaussian();
            }
            PairedBootstrap.Result res = bootstrap.seed(r).test(PerExample.mean("m", a), PerExample.mean("m", b));
            ours += res.pValue() < ALPHA ? 1 : 0;
            sacrebleu += res.sacrebleuPValue() < ALPHA ? 1 : 0;
        }
        assertNominal("paired bootstrap", ours, reps);
        // sacreBLEU's --paired-bs p-value behaves like a one-sided one: about twice the nominal rate.
        assertTrue(sacrebleu > 1.5 * reps * ALPHA, "sacreBLEU p-value rejections: " + sacrebleu);
    }

    @Test
    void bootstrapOfAccuracyOverSeedsHoldsItsLevel() {
        RandomSource rng = new RandomSource(3);
        int reps = 300;
        int rejections = 0;
        PairedBootstrap bootstrap = PairedBootstrap.defaults().resamples(300);
        for (int r = 0; r < reps; r++) {
            List<PerExample> a = new ArrayList<>();
            List<PerExample> b = new ArrayList<>();
            double[] easy = new double[80];
            for (int i = 0; i < 80; i++) {
                easy[i] = 0.4 + 0.55 * rng.nextDouble();
            }
            for (int s = 0; s < 3; s++) {
                a.add(PerExample.mean("accuracy", correct(easy, rng)));
                b.add(PerExample.mean("accuracy", correct(easy, rng)));
            }
            rejections += bootstrap.seed(r).test(a, b).pValue() < ALPHA ? 1 : 0;
        }
        // Discrete statistics make the test slightly conservative; it must not be liberal.
        assertAtMostNominal("seed-averaged bootstrap of accuracy", rejections, reps);
    }

    private static double[] correct(double[] easy, RandomSource rng) {
        double[] c = new double[easy.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = rng.nextDouble() < easy[i] ? 1 : 0;
        }
        return c;
    }

    @Test
    void mcNemarIsNeverLiberal() {
        int reps = 2000;
        int rejections = rejections(4, reps, rng -> {
            boolean[] a = new boolean[120];
            boolean[] b = new boolean[120];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextDouble() < 0.7;
                b[i] = rng.nextDouble() < 0.7;
            }
            return McNemar.test(a, b).pValue();
        });
        assertAtMostNominal("McNemar", rejections, reps);
    }

    @Test
    void mcNemarIntervalCoversNearNominally() {
        // Agresti–Min's interval: coverage of the true accuracy difference (0.1) near 95% even with few discordant
        // pairs. The Wald interval without the added 1/2 falls well short at this size.
        RandomSource rng = new RandomSource(5);
        int reps = 2000;
        int covered = 0;
        for (int r = 0; r < reps; r++) {
            boolean[] a = new boolean[40];
            boolean[] b = new boolean[40];
            for (int i = 0; i < a.length; i++) {
                double u = rng.nextDouble();
                // P(only a right) = 0.15, P(only b right) = 0.05, both right 0.6, both wrong 0.2.
                a[i] = u < 0.75;
                b[i] = u < 0.6 || u >= 0.75 && u < 0.8;
            }
            covered += McNemar.test(a, b).difference().contains(0.1) ? 1 : 0;
        }
        double coverage = (double) covered / reps;
        assertTrue(coverage > 0.93 && coverage < 0.975, "coverage " + coverage);
    }

    @Test
    void dieboldMarianoHoldsItsLevelWithSerialCorrelation() {
        int reps = 1500;
        int n = 60;
        int rejections = rejections(6, reps, rng -> {
            // 2-step-ahead errors: MA(1), correlated at lag 1, as h = 2 forecasts are.
            double[] e1 = new double[n];
            double[] e2 = new double[n];
            double prev1 = rng.nextGaussian();
            double prev2 = rng.nextGaussian();
            for (int t = 0; t < n; t++) {
                double z1 = rng.nextGaussian();
                double z2 = rng.nextGaussian();
                e1[t] = z1 + 0.6 * prev1;
                e2[t] = z2 + 0.6 * prev2;
                prev1 = z1;
                prev2 = z2;
            }
            return DieboldMariano.test(e1, e2, DieboldMariano.Loss.SQUARED, 2).pValue();
        });
        assertNominal("Diebold-Mariano (HLN, h=2)", rejections, reps);
    }

    @Test
    void tostAtTheMarginIsNeverLiberal() {
        int reps = 2000;
        int rejections = rejections(7, reps, rng -> {
            double[] a = new double[5];
            double[] b = new double[5];
            for (int s = 0; s < 5; s++) {
                b[s] = 0.8 + 0.01 * rng.nextGaussian();
                a[s] = b[s] + 0.01 + 0.005 * rng.nextGaussian(); // true difference exactly at the margin
            }
            return Equivalence.overSeeds(a, b, 0.01).pValue();
        });
        assertAtMostNominal("TOST at the margin", rejections, reps);
    }

    @Test
    void holmKeepsTheFamilyWiseErrorAtAlpha() {
        // Four models, each no different from the baseline: the chance that any verdict says BETTER or WORSE must
        // stay at most α. Without correction it would be about 1 - 0.95^4 = 19%.
        RandomSource rng = new RandomSource(8);
        int reps = 1000;
        int anyFalse = 0;
        int anyUncorrected = 0;
        for (int r = 0; r < reps; r++) {
            double[] baseline = new double[4];
            double[] seedEffect = new double[4];
            for (int s = 0; s < 4; s++) {
                seedEffect[s] = rng.nextGaussian();
                baseline[s] = 0.8 + 0.01 * (seedEffect[s] + rng.nextGaussian());
            }
            List<Comparison> family = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                double[] model = new double[4];
                for (int s = 0; s < 4; s++) {
                    model[s] = 0.8 + 0.01 * (seedEffect[s] + rng.nextGaussian());
                }
                SeedTest t = SeedTest.of(model, baseline);
                anyUncorrected += t.pValue() < ALPHA ? 1 : 0;
                family.add(Comparison.of("model" + m, "baseline", "accuracy", Direction.HIGHER_IS_BETTER, t));
            }
            boolean any = Verdicts.decide(family).stream().anyMatch(v -> v.category() == Verdict.Category.BETTER
                    || v.category() == Verdict.Category.WORSE);
            anyFalse += any ? 1 : 0;
        }
        assertAtMostNominal("Holm family-wise error", anyFalse, reps);
        assertTrue(anyUncorrected > 2 * reps * ALPHA, "uncorrected rejections: " + anyUncorrected);
    }

    @Test
    void aClearlyBetterModelIsFound() {
        RandomSource rng = new RandomSource(9);
        int found = 0;
        int reps = 50;
        for (int r = 0; r < reps; r++) {
            double[] a = new double[3];
            double[] b = new double[3];
            List<PerExample> pa = new ArrayList<>();
            List<PerExample> pb = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                double[] ca = new double[200];
                double[] cb = new double[200];
                for (int i = 0; i < 200; i++) {
                    ca[i] = rng.nextDouble() < 0.90 ? 1 : 0;
                    cb[i] = rng.nextDouble() < 0.65 ? 1 : 0;
                }
                pa.add(PerExample.mean("accuracy", ca));
                pb.add(PerExample.mean("accuracy", cb));
                a[s] = pa.get(s).value();
                b[s] = pb.get(s).value();
            }
            Evidence e = Evidence.joint(SeedTest.of(a, b), PairedBootstrap.defaults().seed(r).test(pa, pb));
            Comparison c = Comparison.of("good", "weak", "accuracy", Direction.HIGHER_IS_BETTER, e);
            found += Verdicts.decide(List.of(c)).get(0).category() == Verdict.Category.BETTER ? 1 : 0;
        }
        assertTrue(found >= 48, "found the better model in " + found + " of " + reps);
    }
}
