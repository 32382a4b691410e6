package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * Weight initialisers. Defaults match PyTorch: {@code Linear} and recurrent weights draw from
 * {@code U(-1/sqrt(fan), 1/sqrt(fan))}, embeddings from {@code N(0, 1)}.
 */
public final class Init {
    private Init() {
    }

    public static Tensor uniform(Engine e, Shape shape, double bound, RandomSource rng) {
        return e.uniform(shape, -bound, bound, rng);
    }

    public static Tensor normal(Engine e, Shape shape, double std, RandomSource rng) {
        return e.of(rng.normal(shape.sizeAsInt(), 0, std), shape);
    }

    /** Glorot &amp; Bengio (2010): {@code U(-a, a)}, {@code a = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(Engine e, Shape shape, double gain, RandomSource rng) {
        int[] f = fans(shape);
        return uniform(e, shape, gain * Math.sqrt(6.0 / (f[0] + f[1])), rng);
    }

    /** Glorot &amp; Bengio (2010): {@code N(0, s^2)}, {@code s = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Engine e, Shape shape, double gain, RandomSource rng) {
        int[] f = fans(shape);
        return normal(e, shape, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
    }

    /**
     * A (semi-)orthogonal matrix (Saxe et al. 2014): QR of a Gaussian matrix by modified Gram-Schmidt, with signs
     * fixed by R's diagonal so the distribution is uniform, as {@code torch.nn.init.orthogonal_}.
     */
    public static Tensor orthogonal(Engine e, int rows, int cols, double gain, RandomSource rng) {
        boolean transpose = rows < cols;
        int n = Math.max(rows, cols), m = Math.min(rows, cols);
        double[][] a = new double[m][n]; // m column vectors of length n
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                a[j][i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += a[j][i] * a[k][i];
                }
                for (int i = 0; i < n; i++) {
                    a[j][i] -= dot * a[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += a[j][i] * a[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                a[j][i] /= norm;
            }
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = transpose ? a[r][c] : a[c][r];
                out[r * cols + c] = (float) (gain * v);
            }
        }
        return e.of(out, Shape.of(rows, cols));
    }

    /**
     * A weight made of {@code blocks} gate blocks of {@code rows x cols} stacked on the first axis (the layout of
     * {@code weight_ih}/{@code weight_hh}), each block drawn on its own by {@code scheme} so every gate sees the
     * distribution meant for one matrix of that size: Xavier fans are those of a block, and an orthogonal block is
     * orthogonal by itself.
     */
    public static Tensor blocks(Engine e, int blocks, int rows, int cols, BlockScheme scheme, RandomSource rng) {
        float[] out = new float[blocks * rows * cols];
        Shape block = Shape.of(rows, cols);
        for (int b = 0; b < blocks; b++) {
            Tensor t = switch (scheme) {
                case XAVIER_UNIFORM -> xavierUniform(e, block, 1.0, rng);
                case XAVIER_NORMAL -> xavierNormal(e, block, 1.0, rng);
                case ORTHOGONAL -> orthogonal(e, rows, cols, 1.0, rng);
            };
            System.arraycopy(t.toFloatArray(), 0, out, b * rows * cols, rows * cols);
        }
        return e.of(out, Shape.of(blocks * rows, cols));
    }

    /** How {@link #blocks} draws each block. */
    public enum BlockScheme {
        XAVIER_UNIFORM,
        XAVIER_NORMAL,
        ORTHOGONAL
    }

    /** (fan in, fan out) of a weight: for {@code (out, in, k...)} shapes, as PyTorch computes them. */
    public static int[] fans(Shape shape) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("Fan in and fan out need a weight of rank >= 2, got " + shape);
        }
        int receptive = 1;
        for (int i = 2; i < shape.rank(); i++) {
            receptive *= shape.dim(i);
        }
        return new int[] {shape.dim(1) * receptive, shape.dim(0) * receptive};
    }
}
