package seqlab.train;

import java.util.LinkedHashMap;
import java.util.Map;
import seqlab.engine.Tensor;

/**
 * Adam (Kingma &amp; Ba 2015) and AdamW (Loshchilov &amp; Hutter 2019), as {@code torch.optim.Adam} and
 * {@code torch.optim.AdamW}: {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}. Weight decay is L2 in the gradient
 * ({@code g += wd p}) for Adam and decoupled ({@code p *= 1 - lr wd} before the step) for AdamW.
 */
public final class Adam extends Optimizer {

    /** Adam's hyperparameters; {@code decoupled} selects AdamW's weight decay. */
    public record Spec(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled)
            implements OptimizerSpec {
        public Spec {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam: betas must lie in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(eps >= 0) || weightDecay < 0) {
                throw new IllegalArgumentException("Adam: eps and weight decay must be >= 0, got " + eps + ", "
                        + weightDecay);
            }
        }

        public Spec withWeightDecay(double wd) {
            return new Spec(lr, beta1, beta2, eps, wd, decoupled);
        }

        public Spec withBetas(double b1, double b2) {
            return new Spec(lr, b1, b2, eps, weightDecay, decoupled);
        }

        public Spec withEps(double e) {
            return new Spec(lr, beta1, beta2, e, weightDecay, decoupled);
        }

        @Override
        public String name() {
            return decoupled ? "adamw" : "adam";
        }

        @Override
        public Map<String, Object> hyperparameters() {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("lr", lr);
            h.put("beta1", beta1);
            h.put("beta2", beta2);
            h.put("eps", eps);
            h.put("weight_decay", weightDecay);
            h.put("decoupled_weight_decay", decoupled);
            return h;
        }

        @Override
        public Optimizer create(Map<String, Tensor> params) {
            return new Adam(params, this);
        }
    }

    private final Spec spec;

    public Adam(Map<String, Tensor> params, Spec spec) {
        super(params, spec.lr());
        this.spec = spec;
        bufferForAll("exp_avg");
        bufferForAll("exp_avg_sq");
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = spec.hyperparameters();
        h.put("lr", lr());
        return h;
    }

    @Override
    protected void update(String name, Tensor p, Tensor g, long step) {
        double lr = lr(), b1 = spec.beta1(), b2 = spec.beta2();
        if (spec.weightDecay() != 0) {
            if (spec.decoupled()) {
                p.assign(p.mul(1 - lr * spec.weightDecay()));
            } else {
                g = g.add(p.mul(spec.weightDecay()));
            }
        }
        Tensor m = state(name, "exp_avg");
        Tensor v = state(name, "exp_avg_sq");
        m.assign(m.mul(b1).add(g.mul(1 - b1)));
        v.assign(v.mul(b2).add(g.mul(g).mul(1 - b2)));
        double bias1 = 1 - Math.pow(b1, step);
        double bias2 = 1 - Math.pow(b2, step);
        Tensor denom = v.sqrt().mul(1.0 / Math.sqrt(bias2)).add(spec.eps());
        p.assign(p.add(m.div(denom).mul(-lr / bias1)));
    }
}
