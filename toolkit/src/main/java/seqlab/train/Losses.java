package seqlab.train;

import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * Loss functions, composed from engine ops so they differentiate on every engine. Each returns a scalar mean, as
 * PyTorch's {@code reduction='mean'}, and matches {@code torch.nn.functional} on the same inputs (the quantile loss,
 * which PyTorch lacks, matches the same formula written in torch ops). Probabilistic forecasting heads train with
 * {@link #gaussianNllSoftplus} (a mean and a softplus-positive scale) or {@link #quantile} (one output per quantile
 * level).
 */
public final class Losses {
    /** PyTorch's default ignore index, also used for padding targets. */
    public static final int IGNORE_INDEX = -100;

    private Losses() {
    }

    /** Cross-entropy of logits {@code (N, C)} against class ids {@code (N)} (int64), as {@code F.cross_entropy}. */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return crossEntropy(logits, targets, IGNORE_INDEX, 0.0);
    }

    /**
     * Cross-entropy with an ignore index and label smoothing (Szegedy et al. 2016, section 7), as
     * {@code F.cross_entropy(logits, targets, ignore_index=..., label_smoothing=eps)}: a row's loss is
     * {@code (1 - eps) * -log p[target] + eps * mean_c(-log p[c])}. Rows whose target is {@code ignoreIndex} add
     * neither loss nor gradient, and the mean divides by the number of the other rows.
     *
     * @throws IllegalArgumentException when shapes disagree, a target is outside {@code [0, C)} and not ignored,
     *                                  or every row is ignored (PyTorch returns NaN there)
     */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, int ignoreIndex, double smoothing) {
        if (logits.rank() != 2 || targets.rank() != 1 || targets.dim(0) != logits.dim(0)) {
            throw new IllegalArgumentException("crossEntropy: logits must be (N, C) and targets (N), got "
                    + logits.shape() + " and " + targets.shape() + "; flatten time steps into N first (or use "
                    + "sequenceCrossEntropy)");
        }
        if (targets.dtype() != DType.INT64) {
            throw new IllegalArgumentException("crossEntropy: targets must be int64 class ids (engine.ofIndices), got "
                    + targets.dtype());
        }
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must lie in [0, 1], got " + smoothing);
        }
        int n = logits.dim(0), classes = logits.dim(1);
        long[] t = targets.toLongArray();
        long[] safe = new long[n];
        double[] keep = new double[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (t[i] == ignoreIndex) {
                continue;
            }
            if (t[i] < 0 || t[i] >= classes) {
                throw new IllegalArgumentException("crossEntropy: target " + t[i] + " at row " + i + " is outside [0, "
                        + classes + ") and is not the ignore index " + ignoreIndex);
            }
            safe[i] = t[i];
            keep[i] = 1;
            count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("crossEntropy: every one of the " + n + " targets is the ignore index "
                    + ignoreIndex + ", so the mean is undefined; drop batches that hold only padding");
        }
        Engine e = logits.engine();
        Tensor logp = logits.logSoftmax(1);
        Tensor nll = logp.gather(1, e.ofIndices(safe, Shape.of(n, 1)).to(logits.device())).squeeze(1).neg();
        Tensor rows = nll;
        if (smoothing > 0) {
            Tensor uniform = logp.mean(1, false).neg();
            rows = nll.mul(1 - smoothing).add(uniform.mul(smoothing));
        }
        Tensor weight = floats(e, keep, Shape.of(n), logits.dtype()).to(logits.device());
        return rows.mul(weight).sum().div(count);
    }

    /**
     * Token-level cross-entropy for sequence outputs: logits {@code (B, T, C)}, targets {@code (B, T)} (int64) and
     * a mask {@code (B, T)} with 1 at real tokens and 0 at padding. The mean is over real tokens, so padding adds
     * neither loss nor gradient and long and short batches weigh each token alike.
     */
    public static Tensor sequenceCrossEntropy(Tensor logits, Tensor targets, Tensor mask, double smoothing) {
        if (logits.rank() != 3 || !targets.shape().equals(logits.shape().without(2))
                || !mask.shape().equals(targets.shape())) {
            throw new IllegalArgumentException("sequenceCrossEntropy: need logits (B, T, C), targets (B, T) and mask "
                    + "(B, T); got " + logits.shape() + ", " + targets.shape() + ", " + mask.shape());
        }
        int b = logits.dim(0), t = logits.dim(1), c = logits.dim(2);
        long[] ids = targets.toLongArray();
        double[] m = mask.toDoubleArray();
        for (int i = 0; i < ids.length; i++) {
            if (m[i] == 0) {
                ids[i] = IGNORE_INDEX;
            }
        }
        return crossEntropy(logits.reshape(b * t, c), logits.engine().ofIndices(ids, Shape.of(b * t)).to(logits.device()), IGNORE_INDEX,
                smoothing);
    }

    /** Mean squared error, as {@code F.mse_loss}. */
    public static Tensor mse(Tensor input, Tensor target) {
        check("mse", input, target);
        return input.sub(target).square().mean();
    }

    /** Mean absolute error, as {@code F.l1_loss}. */
    public static Tensor mae(Tensor input, Tensor target) {
        check("mae", input, target);
        return input.sub(target).abs().mean();
    }

    /**
     * Huber loss (Huber 1964), as {@code F.huber_loss}: {@code 0.5 d^2} where {@code |d| < delta}, else
     * {@code delta (|d| - 0.5 delta)}; it equals {@code delta * smoothL1(beta = delta)}.
     */
    public static Tensor huber(Tensor input, Tensor target, double delta) {
        check("huber", input, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be > 0, got " + delta);
        }
        Tensor d = input.sub(target);
        Tensor a = d.abs();
        Tensor quadratic = d.square().mul(0.5);
        Tensor linear = a.sub(0.5 * delta).mul(delta);
        return a.lt(delta).where(quadratic, linear).mean();
    }

    /** Smooth L1 (Girshick 2015, eq. 3 with a threshold {@code beta}), as {@code F.smooth_l1_loss}. */
    public static Tensor smoothL1(Tensor input, Tensor target, double beta) {
        check("smoothL1", input, target);
        if (!(beta > 0)) {
            throw new IllegalArgumentException("smoothL1: beta must be > 0 (use mae for beta 0), got " + beta);
        }
        Tensor d = input.sub(target);
        Tensor a = d.abs();
        return a.lt(beta).where(d.square().mul(0.5 / beta), a.sub(0.5 * beta)).mean();
    }

    /**
     * Gaussian negative log-likelihood with a given variance, as {@code F.gaussian_nll_loss(input, target, var,
     * full, eps, reduction='mean')}: the mean of {@code 0.5 (log(max(var, eps)) + (input - target)^2 / max(var, eps))},
     * plus {@code 0.5 log(2 pi)} when {@code full}. As in PyTorch, the clamp at {@code eps} changes the value but not
     * the gradient, which flows to {@code var} as if unclamped.
     *
     * @param variance the same shape as {@code input}, or that shape with a last dimension of 1 (one variance per row)
     * @param eps      the smallest variance used, > 0 (PyTorch's default is 1e-6)
     */
    public static Tensor gaussianNll(Tensor input, Tensor target, Tensor variance, boolean full, double eps) {
        check("gaussianNll", input, target);
        boolean sameShape = variance.shape().equals(input.shape());
        boolean perRow = input.rank() >= 1 && variance.rank() == input.rank() && variance.dim(input.rank() - 1) == 1
                && variance.shape().without(input.rank() - 1).equals(input.shape().without(input.rank() - 1));
        if (!sameShape && !perRow) {
            throw new IllegalArgumentException("gaussianNll: variance " + variance.shape() + " must have the input's shape "
                    + input.shape() + " or that shape with a last dimension of 1");
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("gaussianNll: eps must be > 0, got " + eps);
        }
        double[] v = variance.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                throw new IllegalArgumentException("gaussianNll: variance element " + i + " is " + v[i]
                        + "; variances are >= 0 (make them positive with a softplus, or use gaussianNllSoftplus)");
            }
        }
        Tensor fixed = variance.detach();
        Tensor clamped = variance.add(fixed.clamp(eps, Float.MAX_VALUE).sub(fixed));
        Tensor loss = clamped.log().add(input.sub(target).square().div(clamped)).mul(0.5);
        if (full) {
            loss = loss.add(0.5 * Math.log(2 * Math.PI));
        }
        return loss.mean();
    }

    /**
     * The Gaussian head's loss: the full negative log-likelihood of {@code target} under N(mean, sd^2) with
     * {@code sd = softplus(rawScale) + minScale}, the positive scale DeepAR (Salinas et al. 2020, "DeepAR:
     * probabilistic forecasting with autoregressive recurrent networks", IJF 36(3)) and Darts' Gaussian likelihood
     * use. Mean over elements of {@code log sd + 0.5 ((target - mean) / sd)^2 + 0.5 log(2 pi)}: exactly
     * {@code F.gaussian_nll_loss(mean, target, sd**2, full=True)} whenever sd^2 is above that function's eps (1e-6);
     * below it PyTorch clamps the variance and this does not (the floor here is {@code minScale}).
     *
     * @param rawScale unconstrained head output, the shape of {@code mean}
     * @param minScale floor added to the scale, >= 0 (e.g. 1e-3 on a standardised series), so the likelihood cannot
     *                 grow without bound on a constant stretch
     */
    public static Tensor gaussianNllSoftplus(Tensor mean, Tensor rawScale, Tensor target, double minScale) {
        check("gaussianNllSoftplus", mean, target);
        check("gaussianNllSoftplus", mean, rawScale);
        if (!(minScale >= 0)) {
            throw new IllegalArgumentException("gaussianNllSoftplus: minScale must be >= 0, got " + minScale);
        }
        Tensor sd = seqlab.nn.Activations.softplus(rawScale).add(minScale);
        Tensor z = target.sub(mean).div(sd);
        return sd.log().add(z.square().mul(0.5)).add(0.5 * Math.log(2 * Math.PI)).mean();
    }

    /**
     * Quantile (pinball) loss over a set of quantile levels: {@code predictions (..., Q)} holds one forecast per level
     * for each {@code target (...)} element; the loss is the mean over elements and levels of
     * {@code max(tau e, (tau - 1) e)} with {@code e = target - prediction} (Koenker and Bassett 1978). It equals
     * {@link seqlab.metric.ProbabilisticMetrics#pinball(double[], double[], double[][])} on the same numbers; half the
     * MAE at the single level 0.5. Some libraries report twice this or the sum over levels
     * (pytorch-forecasting's {@code QuantileLoss}); the minimiser is the same.
     *
     * @param levels the quantile levels tau in (0, 1), strictly increasing, one per entry of the last dimension
     */
    public static Tensor quantile(Tensor predictions, Tensor target, double... levels) {
        int q = levels.length;
        if (q == 0 || predictions.rank() != target.rank() + 1 || predictions.dim(predictions.rank() - 1) != q
                || !predictions.shape().without(predictions.rank() - 1).equals(target.shape())) {
            throw new IllegalArgumentException("quantile loss: predictions must be target's shape " + target.shape()
                    + " plus a last dimension of " + q + " (one per level), got " + predictions.shape());
        }
        for (int k = 0; k < q; k++) {
            if (!(levels[k] > 0 && levels[k] < 1) || k > 0 && !(levels[k] > levels[k - 1])) {
                throw new IllegalArgumentException("quantile loss: levels must lie in (0, 1) and increase, got "
                        + java.util.Arrays.toString(levels));
            }
        }
        Engine e = predictions.engine();
        Tensor tau = floats(e, levels, Shape.of(q), predictions.dtype()).to(predictions.device());
        Tensor err = target.unsqueeze(target.rank()).sub(predictions);
        return err.mul(tau).maximum(err.mul(tau.sub(1.0))).mean();
    }

    private static void check(String op, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": input " + input.shape() + " and target " + target.shape()
                    + " must have the same shape (broadcasting here is almost always a bug, e.g. (N, 1) vs (N))");
        }
    }

    private static Tensor floats(Engine e, double[] v, Shape s, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return e.of(v, s);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return e.of(f, s);
    }
}
