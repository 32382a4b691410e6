package seqlab.train;

import java.util.Collection;
import seqlab.engine.DType;
import seqlab.engine.Tensor;

/** Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. */
public final class Clipping {
    /** Added to the norm before dividing, as PyTorch does, so a zero gradient never divides by zero. */
    private static final double EPS = 1e-6;

    private Clipping() {
    }

    /** The L2 norm of all gradients together (parameters without a gradient count as zero). */
    public static double gradNorm(Collection<Tensor> params) {
        Tensor n = gradNormTensor(params);
        return n == null ? 0 : n.item();
    }

    /**
     * The L2 norm of all gradients together as a one-element tensor on their device, so the caller decides when to
     * read it; null when no parameter has a gradient. The sum is kept in the widest dtype among the gradients and
     * its root is taken in float64, so the norm and the clipping coefficient are the bits they were when the host
     * computed them (the forecasting fingerprint, {@code AirlineFingerprintTest}, holds them).
     */
    public static Tensor gradNormTensor(Collection<Tensor> params) {
        Tensor acc = null;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            Tensor s = g.mul(g).sum();
            if (acc == null) {
                acc = s;
            } else if (s.dtype() == acc.dtype()) {
                acc = acc.add(s);
            } else if (s.dtype() == DType.FLOAT64) {
                acc = acc.to(DType.FLOAT64).add(s);
            } else {
                acc = acc.add(s.to(acc.dtype()));
            }
        }
        return acc == null ? null : acc.to(DType.FLOAT64).sqrt();
    }

    /**
     * Scales all gradients together so their global L2 norm is at most {@code maxNorm} (Pascanu et al. 2013,
     * algorithm 2) and returns the norm before clipping, which is what researchers plot. A non-finite norm is
     * returned and nothing is scaled.
     */
    public static double clipGradNorm(Collection<Tensor> params, double maxNorm) {
        checkMaxNorm(maxNorm);
        double norm = gradNorm(params);
        double coef = maxNorm / (norm + EPS);
        if (Double.isFinite(norm) && coef < 1) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    p.setGrad(g.mul(coef));
                }
            }
        }
        return norm;
    }

    /**
     * {@link #clipGradNorm} without reading anything to the host, as {@code torch.nn.utils.clip_grad_norm_} runs: the
     * coefficient {@code min(1, maxNorm / (norm + 1e-6))} is computed on the gradients' device and every gradient is
     * multiplied by it. Returns the norm before clipping as a tensor (null without gradients); a non-finite norm
     * makes the gradients non-finite, which the caller sees when it reads the norm.
     */
    public static Tensor clipGradNormOnDevice(Collection<Tensor> params, double maxNorm) {
        checkMaxNorm(maxNorm);
        Tensor norm = gradNormTensor(params);
        if (norm == null) {
            return null;
        }
        Tensor coef = norm.engine().full(norm.shape(), maxNorm, norm.dtype(), norm.device()).div(norm.add(EPS))
                .clamp(0.0, 1.0);
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                p.setGrad(g.mul(coef.to(g.dtype())));
            }
        }
        return norm;
    }

    private static void checkMaxNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be > 0, got " + maxNorm);
        }
    }

    /** Limits every gradient element to {@code [-clip, clip]}. */
    public static void clipGradValue(Collection<Tensor> params, double clip) {
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clipGradValue: clip must be > 0, got " + clip);
        }
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                p.setGrad(g.clamp(-clip, clip));
            }
        }
    }
}
