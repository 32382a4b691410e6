package seqlab.nn;

import seqlab.engine.Tensor;

/**
 * Activation functions the engine SPI does not have as ops, composed from ops so that autograd differentiates them.
 *
 * <p>The SPI has no {@code erf}, so {@link #erf} uses Abramowitz &amp; Stegun (1964) formula 7.1.26, absolute error at
 * most 1.5e-7: below float32 resolution for GELU's outputs near 1, so {@link #gelu} matches PyTorch's default (exact,
 * erf-based) GELU to float32 precision; in float64 it differs from the exact GELU by up to about {@code 1e-7 |x|}.
 * {@link #geluTanh} is PyTorch's {@code approximate='tanh'}.
 */
public final class Activations {
    // Abramowitz & Stegun (1964), Handbook of Mathematical Functions, 7.1.26.
    private static final double P = 0.3275911;
    private static final double A1 = 0.254829592, A2 = -0.284496736, A3 = 1.421413741, A4 = -1.453152027,
            A5 = 1.061405429;

    /** PyTorch's default softplus threshold: above it softplus(x) is x (and below minus it, exp(x)). */
    private static final double SOFTPLUS_THRESHOLD = 20;

    private Activations() {
    }

    /** The error function, elementwise, to within 1.5e-7 (see the class comment). */
    public static Tensor erf(Tensor x) {
        Tensor sign = x.gt(0.0).mul(2.0).sub(1.0);        // +-1, not differentiated (comparison)
        Tensor ax = x.mul(sign);                           // |x|, differentiable everywhere but 0
        Tensor t = ax.mul(P).add(1.0).pow(-1.0);
        Tensor poly = t.mul(A5).add(A4).mul(t).add(A3).mul(t).add(A2).mul(t).add(A1).mul(t); // Horner
        return poly.mul(ax.square().neg().exp()).rsub(1.0).mul(sign);
    }

    /** GELU (Hendrycks &amp; Gimpel 2016), {@code x * Phi(x) = x/2 (1 + erf(x / sqrt 2))}: PyTorch's default form. */
    public static Tensor gelu(Tensor x) {
        return x.mul(erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)).mul(0.5);
    }

    /**
     * Softplus, {@code log(1 + exp(x))}, as PyTorch's {@code F.softplus} (beta 1, threshold 20): x itself above 20,
     * where the two agree to double precision, and {@code exp(x)} below -20, where they agree too (the difference is
     * {@code exp(2x)/2}). In between it is {@code -log(sigmoid(-x))}, whose gradient is exactly {@code sigmoid(x)}
     * (the {@code relu(x) + log(1 + exp(-|x|))} form gets the gradient at 0 wrong, where |x| has none). Each branch
     * sees its input clamped to its own range, so the branches not taken stay finite and pass no NaN to the gradient.
     */
    public static Tensor softplus(Tensor x) {
        Tensor middle = x.clamp(-SOFTPLUS_THRESHOLD, SOFTPLUS_THRESHOLD).neg().sigmoid().log().neg();
        // -Float.MAX_VALUE, not -Double.MAX_VALUE: LibTorch refuses a bound a float32 tensor cannot hold
        Tensor low = x.clamp(-Float.MAX_VALUE, -SOFTPLUS_THRESHOLD).exp();
        return x.gt(SOFTPLUS_THRESHOLD).where(x, x.lt(-SOFTPLUS_THRESHOLD).where(low, middle));
    }

    /**
     * GELU's tanh approximation (Hendrycks &amp; Gimpel 2016, section 2): {@code x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715
     * x^3)))}, PyTorch's {@code approximate='tanh'}.
     */
    public static Tensor geluTanh(Tensor x) {
        Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
        return x.mul(inner.tanh().add(1.0)).mul(0.5);
    }
}
