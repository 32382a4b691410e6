package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.Tensor;

/**
 * Layer normalisation over the last axis (Ba, Kiros &amp; Hinton 2016), as PyTorch's {@code nn.LayerNorm}:
 * {@code (x - mean) / sqrt(var + eps) * weight + bias} with the biased variance; weight ones, bias zeros.
 */
public final class LayerNorm extends Module {
    private final int dim;
    private final double eps;

    public LayerNorm(Engine engine, int dim, double eps) {
        super(engine);
        this.dim = dim;
        this.eps = eps;
        addParameter("weight", engine.ones(shape(dim)));
        addParameter("bias", engine.zeros(shape(dim)));
    }

    public LayerNorm(Engine engine, int dim) {
        this(engine, dim, 1e-5);
    }

    public Tensor forward(Tensor x) {
        if (x.dim(-1) != dim) {
            throw new IllegalArgumentException("LayerNorm(" + dim + "): input's last axis has size " + x.dim(-1)
                    + " (input shape " + x.shape() + ")");
        }
        // one op, so an engine can run it as one fused kernel (Tensor.layerNorm)
        return x.layerNorm(parameter("weight").to(x.dtype()), parameter("bias").to(x.dtype()), eps);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + dim + ", eps=" + eps + ")";
    }
}
