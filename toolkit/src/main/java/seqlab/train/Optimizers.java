package seqlab.train;

/**
 * Factories for the optimizers with PyTorch's defaults; each returns a spec record whose {@code with...} methods
 * change one hyperparameter: {@code Optimizers.sgd(0.1).withMomentum(0.9).withNesterov(true)}.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /** Plain SGD. */
    public static Sgd.Spec sgd(double lr) {
        return new Sgd.Spec(lr, 0, 0, 0, false);
    }

    /** SGD with (heavy-ball) momentum. */
    public static Sgd.Spec sgd(double lr, double momentum) {
        return new Sgd.Spec(lr, momentum, 0, 0, false);
    }

    /** Adam with betas (0.9, 0.999) and eps 1e-8 (Kingma &amp; Ba 2015, section 2). */
    public static Adam.Spec adam(double lr) {
        return new Adam.Spec(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** AdamW with decoupled weight decay {@code wd} (PyTorch's default is 0.01). */
    public static Adam.Spec adamW(double lr, double weightDecay) {
        return new Adam.Spec(lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    /** RMSprop with PyTorch's defaults alpha 0.99, eps 1e-8. */
    public static RmsProp.Spec rmsprop(double lr) {
        return new RmsProp.Spec(lr, 0.99, 1e-8, 0, 0, false);
    }
}
