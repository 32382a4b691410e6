package seqlab.train;

import java.util.Collection;
import seqlab.engine.Tensor;

/** Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. */
public final class Clipping {
    /** Added to the norm before dividing, as PyTorch does, so a zero gradient never divides by zero. */
    private static final double EPS = 1e-6;

    private Clipping() {
    }

    /** The L2 norm of all gradients together (parameters without a gradient count as zero). */
    public static double gradNorm(Collection<Tensor> params) {
        Tensor acc = null;
        double extra = 0;
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
            } else {
                extra += s.item();
            }
        }
        return acc == null ? Math.sqrt(extra) : Math.sqrt(acc.item() + extra);
    }

    /**
     * Scales all gradients together so their global L2 norm is at most {@code maxNorm} (Pascanu et al. 2013,
     * algorithm 2) and returns the norm before clipping, which is what researchers plot. A non-finite norm is
     * returned and nothing is scaled.
     */
    public static double clipGradNorm(Collection<Tensor> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be > 0, got " + maxNorm);
        }
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
