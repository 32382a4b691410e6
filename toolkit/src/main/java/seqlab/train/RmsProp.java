package seqlab.train;

import java.util.LinkedHashMap;
import java.util.Map;
import seqlab.engine.Tensor;

/**
 * RMSprop (Hinton, Coursera lecture 6e, 2012), as {@code torch.optim.RMSprop}: {@code s = a s + (1-a) g^2};
 * centered: {@code ga = a ga + (1-a) g} and the denominator is {@code sqrt(s - ga^2) + eps} (Graves 2013),
 * otherwise {@code sqrt(s) + eps}; with momentum {@code b = mu b + g/denom}, {@code p -= lr b}, else
 * {@code p -= lr g/denom}. Weight decay is L2 in the gradient.
 */
public final class RmsProp extends Optimizer {

    /** RMSprop's hyperparameters. */
    public record Spec(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements OptimizerSpec {
        public Spec {
            if (!(alpha >= 0 && alpha <= 1) || !(eps >= 0) || weightDecay < 0 || momentum < 0) {
                throw new IllegalArgumentException("RMSprop: need 0 <= alpha <= 1 and eps, weight decay, momentum >= 0;"
                        + " got alpha " + alpha + ", eps " + eps + ", weight decay " + weightDecay + ", momentum "
                        + momentum);
            }
        }

        public Spec withMomentum(double m) {
            return new Spec(lr, alpha, eps, weightDecay, m, centered);
        }

        public Spec withCentered(boolean c) {
            return new Spec(lr, alpha, eps, weightDecay, momentum, c);
        }

        public Spec withWeightDecay(double wd) {
            return new Spec(lr, alpha, eps, wd, momentum, centered);
        }

        @Override
        public String name() {
            return "rmsprop";
        }

        @Override
        public Map<String, Object> hyperparameters() {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("lr", lr);
            h.put("alpha", alpha);
            h.put("eps", eps);
            h.put("weight_decay", weightDecay);
            h.put("momentum", momentum);
            h.put("centered", centered);
            return h;
        }

        @Override
        public Optimizer create(Map<String, Tensor> params) {
            return new RmsProp(params, this);
        }
    }

    private final Spec spec;

    public RmsProp(Map<String, Tensor> params, Spec spec) {
        super(params, spec.lr());
        this.spec = spec;
        bufferForAll("square_avg");
        if (spec.momentum() > 0) {
            bufferForAll("momentum_buffer");
        }
        if (spec.centered()) {
            bufferForAll("grad_avg");
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
        double a = spec.alpha();
        if (spec.weightDecay() != 0) {
            g = g.add(p.mul(spec.weightDecay()));
        }
        Tensor sq = state(name, "square_avg");
        sq.assign(sq.mul(a).add(g.mul(g).mul(1 - a)));
        Tensor avg;
        if (spec.centered()) {
            Tensor ga = state(name, "grad_avg");
            ga.assign(ga.mul(a).add(g.mul(1 - a)));
            avg = sq.sub(ga.mul(ga)).sqrt();
        } else {
            avg = sq.sqrt();
        }
        avg = avg.add(spec.eps());
        if (spec.momentum() > 0) {
            Tensor buf = state(name, "momentum_buffer");
            buf.assign(buf.mul(spec.momentum()).add(g.div(avg)));
            p.assign(p.add(buf.mul(-lr())));
        } else {
            p.assign(p.add(g.div(avg).mul(-lr())));
        }
    }
}
