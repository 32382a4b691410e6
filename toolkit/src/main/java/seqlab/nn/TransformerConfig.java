package seqlab.nn;

/**
 * The shape of a Transformer layer, with PyTorch's defaults ({@code nn.TransformerEncoderLayer}): feed-forward width
 * 2048, dropout 0.1, ReLU, post-norm, LayerNorm epsilon 1e-5. Read it as a sentence:
 * {@code TransformerConfig.of(128, 4).feedforward(512).dropout(0.1).normFirst(true)}.
 *
 * @param dModel         the model width (embedding and residual stream)
 * @param nhead          attention heads; must divide {@code dModel}
 * @param dimFeedforward hidden width of the position-wise feed-forward network
 * @param dropout        dropout after attention weights, in the feed-forward network and on each residual branch
 * @param activation     the feed-forward nonlinearity
 * @param normFirst      pre-norm ({@code x + f(norm(x))}, Xiong et al. 2020) when true; post-norm
 *                       ({@code norm(x + f(x))}, Vaswani et al. 2017) when false
 * @param layerNormEps   LayerNorm's epsilon
 */
public record TransformerConfig(int dModel, int nhead, int dimFeedforward, double dropout, Activation activation,
                                boolean normFirst, double layerNormEps) {

    /** Feed-forward nonlinearities: ReLU, GELU (erf form, PyTorch's {@code "gelu"}) and GELU's tanh approximation. */
    public enum Activation {
        RELU, GELU, GELU_TANH;

        public seqlab.engine.Tensor apply(seqlab.engine.Tensor x) {
            return switch (this) {
                case RELU -> x.relu();
                case GELU -> Activations.gelu(x);
                case GELU_TANH -> Activations.geluTanh(x);
            };
        }
    }

    public TransformerConfig {
        if (dModel <= 0 || nhead <= 0 || dModel % nhead != 0) {
            throw new IllegalArgumentException("TransformerConfig: dModel " + dModel + " must be a positive multiple of nhead " + nhead);
        }
        if (dimFeedforward <= 0) {
            throw new IllegalArgumentException("TransformerConfig: dimFeedforward must be positive, got " + dimFeedforward);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("TransformerConfig: dropout must be in [0, 1), got " + dropout);
        }
        if (activation == null) {
            throw new IllegalArgumentException("TransformerConfig: activation is null; use Activation.RELU or GELU");
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("TransformerConfig: layerNormEps must be positive, got " + layerNormEps);
        }
    }

    /** PyTorch's defaults for the given width and heads. */
    public static TransformerConfig of(int dModel, int nhead) {
        return new TransformerConfig(dModel, nhead, 2048, 0.1, Activation.RELU, false, 1e-5);
    }

    public TransformerConfig feedforward(int width) {
        return new TransformerConfig(dModel, nhead, width, dropout, activation, normFirst, layerNormEps);
    }

    public TransformerConfig dropout(double p) {
        return new TransformerConfig(dModel, nhead, dimFeedforward, p, activation, normFirst, layerNormEps);
    }

    public TransformerConfig activation(Activation a) {
        return new TransformerConfig(dModel, nhead, dimFeedforward, dropout, a, normFirst, layerNormEps);
    }

    public TransformerConfig normFirst(boolean preNorm) {
        return new TransformerConfig(dModel, nhead, dimFeedforward, dropout, activation, preNorm, layerNormEps);
    }

    public TransformerConfig layerNormEps(double eps) {
        return new TransformerConfig(dModel, nhead, dimFeedforward, dropout, activation, normFirst, eps);
    }

    /** Self- or cross-attention: input projections {@code 3 d^2 + 3d}, output projection {@code d^2 + d}. */
    private long attentionParameters() {
        long d = dModel;
        return 4 * d * d + 4 * d;
    }

    /** Position-wise feed-forward network: {@code d*ff + ff + ff*d + d}. */
    private long feedforwardParameters() {
        long d = dModel, ff = dimFeedforward;
        return 2 * d * ff + ff + d;
    }

    /** Parameters of one {@link TransformerEncoderLayer}: self-attention, feed-forward, two layer norms. */
    public long encoderLayerParameters() {
        return attentionParameters() + feedforwardParameters() + 2 * 2L * dModel;
    }

    /** Parameters of one {@link TransformerDecoderLayer}: self- and cross-attention, feed-forward, three norms. */
    public long decoderLayerParameters() {
        return 2 * attentionParameters() + feedforwardParameters() + 3 * 2L * dModel;
    }
}
