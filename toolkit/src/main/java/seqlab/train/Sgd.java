package seqlab.train;

import java.util.LinkedHashMap;
import java.util.Map;
import seqlab.engine.Tensor;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, as
 * {@code torch.optim.SGD}: {@code g += wd * p}; {@code b = g} on the first step, else
 * {@code b = momentum * b + (1 - dampening) * g}; the step is {@code g + momentum * b} (Nesterov) or {@code b};
 * {@code p -= lr * step}. Nesterov momentum follows Sutskever et al. (2013), as PyTorch formulates it.
 */
public final class Sgd extends Optimizer {

    /** SGD's hyperparameters. */
    public record Spec(double lr, double momentum, double dampening, double weightDecay, boolean nesterov)
            implements OptimizerSpec {
        public Spec {
            if (momentum < 0 || dampening < 0 || weightDecay < 0) {
                throw new IllegalArgumentException("SGD: momentum, dampening and weight decay must be >= 0, got "
                        + momentum + ", " + dampening + ", " + weightDecay);
            }
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening 0");
            }
        }

        public Spec withMomentum(double m) {
            return new Spec(lr, m, dampening, weightDecay, nesterov);
        }

        public Spec withWeightDecay(double wd) {
            return new Spec(lr, momentum, dampening, wd, nesterov);
        }

        public Spec withNesterov(boolean n) {
            return new Spec(lr, momentum, dampening, weightDecay, n);
        }

        @Override
        public String name() {
            return "sgd";
        }

        @Override
        public Map<String, Object> hyperparameters() {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("lr", lr);
            h.put("momentum", momentum);
            h.put("dampening", dampening);
            h.put("weight_decay", weightDecay);
            h.put("nesterov", nesterov);
            return h;
        }

        @Override
        public Optimizer create(Map<String, Tensor> params) {
            return new Sgd(params, this);
        }
    }

    private final Spec spec;

    public Sgd(Map<String, Tensor> params, Spec spec) {
        super(params, spec.lr());
        this.spec = spec;
        if (spec.momentum() != 0) {
            bufferForAll("momentum_buffer");
        }
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
        if (spec.weightDecay() != 0) {
            g = g.add(p.mul(spec.weightDecay()));
        }
        if (spec.momentum() != 0) {
            Tensor buf = state(name, "momentum_buffer");
            buf.assign(step == 1 ? g.detach() : buf.mul(spec.momentum()).add(g.mul(1 - spec.dampening())));
            g = spec.nesterov() ? g.add(buf.mul(spec.momentum())) : buf;
        }
        p.assign(p.add(g.mul(-lr())));
    }
}
