package seqlab.stats;

/**
 * Log-gamma, the regularized incomplete beta and gamma functions, and the Student-t and normal distributions built
 * on them, accurate to about 1e-14 relative over the ranges the tests need. Kept package-private: users reach them
 * through {@link Stats} and the tests built on them.
 */
final class SpecialFunctions {
    private SpecialFunctions() {}

    private static final double EPS = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;

    // Lanczos approximation with g = 7 and 9 terms (Lanczos 1964, SIAM J. Numer. Anal. B 1; the coefficients are
    // Godfrey's widely published set), good to about 1e-15 relative for x >= 0.5.
    private static final double LANCZOS_G = 7.0;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
    };
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    /** ln Γ(x) for x > 0. */
    static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection keeps the series in its accurate range: Γ(x) Γ(1-x) = π / sin(πx).
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1. */
    static double incompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b));
        // The continued fraction converges fast only below the mean a/(a+b); use I_x(a,b) = 1 - I_{1-x}(b,a) above.
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * betaFraction(x, a, b) / a;
        }
        return 1 - Math.exp(logFront) * betaFraction(1 - x, b, a) / b;
    }

    /**
     * The continued fraction for I_x(a,b) (Abramowitz and Stegun 26.5.8), evaluated with the modified Lentz method
     * (Lentz 1976; Thompson and Barnett 1986).
     */
    private static double betaFraction(double x, double a, double b) {
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < TINY ? TINY : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
            double coefficient = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + coefficient * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + coefficient / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            h *= d * c;
            // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
            coefficient = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + coefficient * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + coefficient / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta: no convergence for x=" + x + ", a=" + a + ", b=" + b);
    }

    /** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x >= 0. */
    static double upperIncompleteGamma(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        double logFront = a * Math.log(x) - x - logGamma(a);
        if (x < a + 1) {
            // Series for the lower function P: sum_k x^k / (a (a+1) ... (a+k)).
            double term = 1 / a;
            double sum = term;
            for (int k = 1; k <= MAX_ITERATIONS; k++) {
                term *= x / (a + k);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPS) {
                    return 1 - sum * Math.exp(logFront);
                }
            }
            throw new ArithmeticException("incomplete gamma series: no convergence for a=" + a + ", x=" + x);
        }
        // Continued fraction for Q (Abramowitz and Stegun 6.5.31), modified Lentz.
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i <= MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                return Math.exp(logFront) * h;
            }
        }
        throw new ArithmeticException("incomplete gamma fraction: no convergence for a=" + a + ", x=" + x);
    }

    /** The complementary error function, erfc(x) = Q(1/2, x^2) for x >= 0. */
    static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        return upperIncompleteGamma(0.5, x * x);
    }

    /** The standard normal CDF Φ(z). */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** The standard normal density φ(z). */
    static double normalPdf(double z) {
        return Math.exp(-0.5 * z * z - HALF_LOG_TWO_PI);
    }

    /**
     * The standard normal quantile Φ⁻¹(p) for 0 &lt; p &lt; 1. A start from Abramowitz and Stegun (1964) 26.2.23
     * (absolute error below 4.5e-4) is refined by Halley steps on Φ, computed in the lower tail where erfc keeps full
     * relative precision, so the result is good to a few ulps even at p = 1e-300.
     */
    static double normalQuantile(double p) {
        if (p > 0.5) {
            return -normalQuantile(1 - p);
        }
        if (p == 0.5) {
            return 0;
        }
        double t = Math.sqrt(-2 * Math.log(p));
        double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
        for (int i = 0; i < 4; i++) {
            double e = normalCdf(x) - p;
            double u = e / normalPdf(x);
            double next = x - u / (1 + 0.5 * x * u);
            if (next == x) {
                break;
            }
            x = next;
        }
        return x;
    }

    /** P(X >= x) for a chi-square variable with {@code df} degrees of freedom: Q(df/2, x/2). */
    static double chiSquareSurvival(double x, double df) {
        return upperIncompleteGamma(0.5 * df, 0.5 * x);
    }

    /** P(X <= k) for X ~ Binomial(n, 1/2), summed exactly term by term (n stays small where this is used). */
    static double binomialHalfCdf(int k, int n) {
        double term = Math.pow(0.5, n); // C(n, 0) / 2^n
        double sum = 0;
        for (int i = 0; i <= k; i++) {
            sum += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.min(1.0, sum);
    }

    /** P(|T| >= |t|) for Student's t with {@code df} degrees of freedom. */
    static double studentTwoSidedTail(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0;
        }
        double t2 = t * t;
        if (t2 < df) {
            // Small |t|: 1 - I_{t²/(df+t²)}(1/2, df/2) avoids the cancellation in df/(df+t²) near 1.
            return 1 - incompleteBeta(t2 / (df + t2), 0.5, 0.5 * df);
        }
        return incompleteBeta(df / (df + t2), 0.5 * df, 0.5);
    }

    /** The Student-t CDF P(T <= t). */
    static double studentCdf(double t, double df) {
        double tail = 0.5 * studentTwoSidedTail(t, df);
        return t < 0 ? tail : 1 - tail;
    }

    /**
     * The Student-t quantile: the t with P(T <= t) = p. Found by bisection on the two-sided tail, which is monotone
     * in |t|; slower than Hill's (1970) series but accurate to the last few bits for every df > 0.
     */
    static double studentQuantile(double p, double df) {
        if (p == 0.5) {
            return 0;
        }
        if (p < 0.5) {
            return -studentQuantile(1 - p, df);
        }
        double tail = 2 * (1 - p);
        double lo = 0;
        double hi = 1;
        while (studentTwoSidedTail(hi, df) > tail) {
            lo = hi;
            hi *= 2;
            if (Double.isInfinite(hi)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 2000 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if (studentTwoSidedTail(mid, df) > tail) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
