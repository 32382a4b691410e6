package seqlab.conformance;

import java.util.Map;
import seqlab.engine.CellKind;
import seqlab.nn.RecurrentConfig;

/**
 * A deliberately plain implementation of the recurrent equations — scalar loops over doubles, one sequence at a time,
 * written from the papers' formulas and independent of any tensor code — to check layers against, especially the
 * variants PyTorch does not have (peephole, CIFG, the reset-before GRU). No dropout.
 */
final class ScalarRecurrent {
    private ScalarRecurrent() {
    }

    /** Results: output {@code (T, B, D*S)}, hN {@code (L*D, B, S)}, cN {@code (L*D, B, H)} (LSTM), flat. */
    record Result(double[] output, double[] hN, double[] cN) {
    }

    private static double sig(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** {@code w (rows x cols) row r} dot {@code v}. */
    private static double dot(double[] w, int r, int cols, double[] v) {
        double s = 0;
        for (int j = 0; j < cols; j++) {
            s += w[r * cols + j] * v[j];
        }
        return s;
    }

    /**
     * @param p      parameters by PyTorch name, flat row-major
     * @param x      input {@code (T, B, I)} time-first
     * @param h0, c0 initial states or null for zeros
     */
    static Result run(RecurrentConfig cfg, int inputSize, Map<String, double[]> p, double[] x, int time, int batch,
                      int[] lengths, double[] h0, double[] c0) {
        int hsz = cfg.hiddenSize(), s = cfg.stateSize(), dirs = cfg.directions(), layers = cfg.layers();
        int outW = dirs * s;
        double[] layerIn = x;
        int in = inputSize;
        double[] hN = new double[layers * dirs * batch * s];
        double[] cN = new double[layers * dirs * batch * hsz];
        double[] out = null;
        for (int l = 0; l < layers; l++) {
            out = new double[time * batch * outW];
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                int k = l * dirs + d;
                for (int b = 0; b < batch; b++) {
                    int len = lengths == null ? time : lengths[b];
                    double[] h = new double[s], c = new double[hsz];
                    for (int j = 0; j < s; j++) {
                        h[j] = h0 == null ? 0 : h0[(k * batch + b) * s + j];
                    }
                    for (int j = 0; j < hsz; j++) {
                        c[j] = c0 == null ? 0 : c0[(k * batch + b) * hsz + j];
                    }
                    for (int step = 0; step < len; step++) {
                        int t = d == 0 ? step : len - 1 - step; // reverse starts at the sequence's own last step
                        double[] xt = new double[in];
                        System.arraycopy(layerIn, (t * batch + b) * in, xt, 0, in);
                        double[][] hc = cell(cfg, p, sfx, in, xt, h, c);
                        h = hc[0];
                        c = hc[1];
                        System.arraycopy(h, 0, out, (t * batch + b) * outW + d * s, s);
                    }
                    System.arraycopy(h, 0, hN, (k * batch + b) * s, s);
                    System.arraycopy(c, 0, cN, (k * batch + b) * hsz, hsz);
                }
            }
            layerIn = out;
            in = outW;
        }
        return new Result(out, hN, cfg.kind() == CellKind.LSTM ? cN : null);
    }

    private static double[][] cell(RecurrentConfig cfg, Map<String, double[]> p, String sfx, int in, double[] x,
                                   double[] h, double[] c) {
        int hsz = cfg.hiddenSize(), s = cfg.stateSize();
        double[] wih = p.get("weight_ih" + sfx), whh = p.get("weight_hh" + sfx);
        double[] bih = p.get("bias_ih" + sfx), bhh = p.get("bias_hh" + sfx);
        int gates = cfg.gates();
        // per gate row: input part and hidden part with their biases
        double[] xi = new double[gates * hsz], hh = new double[gates * hsz];
        for (int r = 0; r < gates * hsz; r++) {
            xi[r] = dot(wih, r, in, x) + (bih == null ? 0 : bih[r]);
            hh[r] = dot(whh, r, s, h) + (bhh == null ? 0 : bhh[r]);
        }
        switch (cfg.kind()) {
            case RNN_TANH, RNN_RELU -> {
                double[] hn = new double[hsz];
                for (int j = 0; j < hsz; j++) {
                    double a = xi[j] + hh[j];
                    hn[j] = cfg.kind() == CellKind.RNN_TANH ? Math.tanh(a) : Math.max(0, a);
                }
                return new double[][] {hn, c};
            }
            case GRU -> {
                double[] hn = new double[hsz];
                double[] r = new double[hsz], z = new double[hsz];
                for (int j = 0; j < hsz; j++) {
                    r[j] = sig(xi[j] + hh[j]);
                    z[j] = sig(xi[hsz + j] + hh[hsz + j]);
                }
                double[] rh = new double[hsz];
                for (int j = 0; j < hsz; j++) {
                    rh[j] = r[j] * h[j];
                }
                for (int j = 0; j < hsz; j++) {
                    double n;
                    if (cfg.isResetBeforeProduct()) {
                        // Cho et al. (2014): W_hn (r * h)
                        n = Math.tanh(xi[2 * hsz + j] + dot(whh, 2 * hsz + j, hsz, rh) + (bhh == null ? 0 : bhh[2 * hsz + j]));
                    } else {
                        n = Math.tanh(xi[2 * hsz + j] + r[j] * hh[2 * hsz + j]);
                    }
                    hn[j] = (1 - z[j]) * n + z[j] * h[j];
                }
                return new double[][] {hn, c};
            }
            case LSTM -> {
                boolean cifg = cfg.isCoupledInputForget(), peep = cfg.hasPeephole();
                int fo = cifg ? 0 : 1;
                double[] cn = new double[hsz], m = new double[hsz];
                for (int j = 0; j < hsz; j++) {
                    double fPre = xi[fo * hsz + j] + hh[fo * hsz + j] + (peep ? p.get("weight_cf" + sfx)[j] * c[j] : 0);
                    double f = sig(fPre);
                    double i = cifg ? 1 - f
                            : sig(xi[j] + hh[j] + (peep ? p.get("weight_ci" + sfx)[j] * c[j] : 0));
                    double g = Math.tanh(xi[(fo + 1) * hsz + j] + hh[(fo + 1) * hsz + j]);
                    cn[j] = f * c[j] + i * g;
                    double o = sig(xi[(fo + 2) * hsz + j] + hh[(fo + 2) * hsz + j]
                            + (peep ? p.get("weight_co" + sfx)[j] * cn[j] : 0));
                    m[j] = o * Math.tanh(cn[j]);
                }
                double[] hn = m;
                if (cfg.projectionSize() > 0) {
                    hn = new double[s];
                    double[] whr = p.get("weight_hr" + sfx);
                    for (int r = 0; r < s; r++) {
                        hn[r] = dot(whr, r, hsz, m);
                    }
                }
                return new double[][] {hn, cn};
            }
            default -> throw new IllegalStateException();
        }
    }
}
