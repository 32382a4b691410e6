package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * {@code y = x W^T + b} over the last axis, with PyTorch's layout ({@code weight: (out, in)}) and default
 * initialisation {@code U(-1/sqrt(in), 1/sqrt(in))} for weight and bias.
 */
public final class Linear extends Module {
    private final int in, out;
    private final boolean bias;

    public Linear(Engine engine, int in, int out, boolean bias, RandomSource rng) {
        super(engine);
        this.in = in;
        this.out = out;
        this.bias = bias;
        double bound = 1.0 / Math.sqrt(in);
        addParameter("weight", Init.uniform(engine, shape(out, in), bound, rng));
        if (bias) {
            addParameter("bias", Init.uniform(engine, shape(out), bound, rng));
        }
    }

    public Linear(Engine engine, int in, int out, RandomSource rng) {
        this(engine, in, out, true, rng);
    }

    public Tensor weight() {
        return parameter("weight");
    }

    public Tensor forward(Tensor x) {
        if (x.dim(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): input's last axis has size " + x.dim(-1)
                    + " (input shape " + x.shape() + "), expected " + in);
        }
        Tensor y = x.matmul(weight().transpose(0, 1));
        return bias ? y.add(parameter("bias")) : y;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    public String toString() {
        return "Linear(" + in + " -> " + out + (bias ? "" : ", no bias") + ")";
    }
}
