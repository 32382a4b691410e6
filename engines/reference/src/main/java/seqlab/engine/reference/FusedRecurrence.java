package seqlab.engine.reference;

import seqlab.engine.CellKind;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels.RecurrentSpec;

/**
 * One call of the fused recurrent kernel: the forward pass of a whole stack over the whole sequence, keeping what
 * back-propagation through time needs, and that backward pass.
 *
 * <p>Per layer and direction the input projection of every step is one matrix product
 * {@code XP = X W_ih^T + b_ih} ({@code (T*B) x G}); the recurrence then needs one {@code (B x S) (S x G)} product per
 * step plus elementwise gate math (and, for a projected LSTM, one {@code (B x H) (H x P)} product). Backward mirrors
 * it: one {@code (B x G) (G x S)} product per step for the recurrent gradient, then large products for
 * {@code dW_ih}, {@code dW_hh} (and {@code dW_hr}) and the input gradient over all steps at once, reading the
 * saved buffers transposed in place ({@link Gemm}). Every cost is linear in the sequence length.
 *
 * <p>The LSTM runs every variant of {@link RecurrentSpec}: peephole connections (the input and forget gates see
 * {@code c_{t-1}} through {@code weight_ci}, {@code weight_cf}, the output gate {@code c_t} through
 * {@code weight_co}), coupled input and forget gates ({@code i = 1 - f}, three gate blocks f, g, o) and PyTorch's
 * projection ({@code h_t = (o_t * tanh(c_t)) W_hr^T}, of width {@code P}: {@code h}, the output and the columns of
 * {@code W_hh} are {@code P} wide, {@code c} and the gates {@code H}). The GRU runs either reset placement and
 * either update convention. Recurrent (variational) dropout multiplies {@code h_{t-1}} by one mask per layer and
 * direction wherever the recurrent products read it ({@code W_hh}, and the reset-before GRU's {@code r * h}); the
 * carried state and the GRU's update read it unmasked.
 *
 * <p>Layout: every sequence buffer is time-major, row {@code t*B + b}. Saved per layer and direction, indexed by time
 * {@code t} (not by processing order, so forward and reverse directions share the weight-gradient code): the gate
 * activations, the state each step started from, and the cell's extras (LSTM: the new cell state, and with a
 * projection the unprojected {@code o * tanh(c)}; GRU: the hidden n-projection, or {@code r * h} for the reset-before
 * form). Backward overwrites an LSTM's or RNN's saved activations with their gradients, so a call runs backward once
 * (as autograd does).
 *
 * <p>Padded steps ({@code t >= length[b]}) are computed but discarded: the state is carried over unchanged, the
 * output stays zero, and backward gives them zero gate gradients while the state gradient passes through untouched.
 * All loops run in a fixed order and products use {@link Gemm}, so results do not depend on the thread count.
 */
final class FusedRecurrence {
    private final CellKind cell;
    /** GRU only: Cho et al.'s placement of the reset gate, before the hidden product. */
    private final boolean resetBefore;
    /** GRU only: {@code h' = (1 - z) * h + z * n} (Chung et al. 2014) instead of PyTorch's {@code (1 - z) * n + z * h}. */
    private final boolean candidate;
    /** Variational dropout rate of the recurrent connections (0: none). */
    private final double recurrentDropout;
    /** LSTM variants. */
    private final boolean peephole, cifg;
    /** Projection width (0: none), the width of h (the projection's, else the hidden size), and of the gate blocks. */
    private final int proj, state, gates;
    private final int time, batch, inputSize, hidden, layers, dirs;
    private final boolean bias, dbl;
    private final int[] lengths;
    private final Buf[] wih, whh, bih, bhh, whr, peepI, peepF, peepO;

    // saved by the forward pass
    private final Buf[] layerIn, masks;
    /** Per layer and direction, the recurrent dropout mask {@code (batch, S)} of this call, or null. */
    private final Buf[] recurrentMasks;
    private final Buf[] acts, hPrev, cPrev, extra, unprojected;
    private Buf output, hN, cN;

    /**
     * @param weights per layer and direction, in the order of {@link RecurrentSpec#weightName}
     * @param lengths real lengths, or null when all are full
     */
    FusedRecurrence(RecurrentSpec spec, int time, int batch, boolean dbl, Buf[] weights, int[] lengths) {
        this.cell = spec.cell();
        this.resetBefore = spec.resetBeforeProduct();
        this.candidate = spec.candidateUpdate();
        this.recurrentDropout = spec.recurrentDropout();
        this.peephole = spec.peephole();
        this.cifg = spec.coupledInputForget();
        this.proj = spec.projectionSize();
        this.state = spec.stateSize();
        this.gates = spec.gates();
        this.time = time;
        this.batch = batch;
        this.inputSize = spec.inputSize();
        this.hidden = spec.hiddenSize();
        this.layers = spec.layers();
        this.dirs = spec.directions();
        this.bias = spec.bias();
        this.dbl = dbl;
        this.lengths = lengths;
        int n = layers * dirs, per = spec.weightsPerDirection();
        wih = new Buf[n];
        whh = new Buf[n];
        bih = new Buf[n];
        bhh = new Buf[n];
        whr = new Buf[n];
        peepI = new Buf[n];
        peepF = new Buf[n];
        peepO = new Buf[n];
        for (int k = 0; k < n; k++) {
            int w = k * per;
            wih[k] = weights[w++];
            whh[k] = weights[w++];
            if (bias) {
                bih[k] = weights[w++];
                bhh[k] = weights[w++];
            }
            if (proj > 0) {
                whr[k] = weights[w++];
            }
            if (peephole) {
                peepI[k] = cifg ? null : weights[w++];
                peepF[k] = weights[w++];
                peepO[k] = weights[w];
            }
        }
        layerIn = new Buf[layers];
        masks = new Buf[layers];
        recurrentMasks = new Buf[n];
        acts = new Buf[n];
        hPrev = new Buf[n];
        cPrev = new Buf[n];
        extra = new Buf[n];
        unprojected = new Buf[n];
    }

    private boolean active(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    private int layerInputSize(int l) {
        return l == 0 ? inputSize : dirs * state;
    }

    /** Offsets of the LSTM's gate blocks in a row of gate values: i (absent with coupled gates), f, g, o. */
    private int fOff() {
        return cifg ? 0 : hidden;
    }

    Buf output() {
        return output;
    }

    Buf hN() {
        return hN;
    }

    Buf cN() {
        return cN;
    }

    // ----- forward -----

    /**
     * Runs the stack. Dropout masks are drawn from {@code rng} in exactly the order {@code Tensor.dropout} draws them
     * for the composed path: after each layer but the last, one {@code nextDouble()} per output element in row-major
     * {@code (time, batch, directions*S)} order, kept when {@code >= p}. Recurrent dropout masks come first in each
     * layer, one {@code (batch, S)} per direction, forward first, as the composed layer draws them before it runs
     * each direction.
     */
    void forward(Buf input, Buf h0, Buf c0, double dropout, boolean training, RandomSource rng) {
        int n = layers * dirs;
        hN = Buf.zeros(dbl, n * batch * state);
        cN = cell == CellKind.LSTM ? Buf.zeros(dbl, n * batch * hidden) : null;
        Buf x = input;
        for (int l = 0; l < layers; l++) {
            layerIn[l] = x;
            if (training && recurrentDropout > 0) {
                for (int d = 0; d < dirs; d++) {
                    recurrentMasks[l * dirs + d] = dropoutMask(batch * state, recurrentDropout, rng);
                }
            }
            Buf y = Buf.zeros(dbl, time * batch * dirs * state);
            Buf in = x;
            if (dirs == 2) {
                // the directions are independent: on two cores at once
                int layer = l;
                Parallel.both(() -> forwardDirection(layer, 0, in, y, h0, c0),
                        () -> forwardDirection(layer, 1, in, y, h0, c0));
            } else {
                forwardDirection(l, 0, x, y, h0, c0);
            }
            if (l < layers - 1 && training && dropout > 0) {
                Buf m = Buf.zeros(dbl, y.length);
                double scale = 1.0 / (1.0 - dropout);
                Buf dropped = Buf.zeros(dbl, y.length);
                for (int i = 0; i < y.length; i++) {
                    if (rng.nextDouble() >= dropout) {
                        m.set(i, scale);
                        dropped.set(i, y.get(i) * m.get(i));
                    }
                }
                masks[l] = m;
                x = dropped;
            } else {
                x = y;
            }
            output = y;
        }
    }

    /** {@code Tensor.dropout}'s mask of a tensor of ones: {@code 1 / (1 - p)} where {@code nextDouble() >= p}, else 0. */
    private Buf dropoutMask(int n, double p, RandomSource rng) {
        Buf m = Buf.zeros(dbl, n);
        double scale = 1.0 / (1.0 - p);
        for (int i = 0; i < n; i++) {
            if (rng.nextDouble() >= p) {
                m.set(i, scale);
            }
        }
        return m;
    }

    /** {@code out[i] = h[i] * m[i % (batch*S)]} for {@code n} elements: the state as the recurrent products read it. */
    private static void masked(Buf h, int from, Buf m, Buf out, int to, int n) {
        int bs = m.length;
        for (int i = 0; i < n; i++) {
            out.set(to + i, h.get(from + i) * m.get((from + i) % bs));
        }
    }

    private void forwardDirection(int l, int d, Buf x, Buf y, Buf h0, Buf c0) {
        int k = l * dirs + d, in = layerInputSize(l), g = gates * hidden, rows = time * batch;
        int bs = batch * state, bh = batch * hidden, yWidth = dirs * state;
        boolean lstm = cell == CellKind.LSTM;
        // the input projection of every step, then each step's gate values in place of its projection
        Buf a = Buf.zeros(dbl, rows * g);
        Buf.gemm(rows, g, in, x, 0, false, wih[k], 0, true, a, 0, false);
        if (bias) {
            a.addRowVector(0, rows, g, g, bih[k], 0);
        }
        // h (B x S) times W_hh^T, packed once: every time step multiplies by the same weights; the reset-before GRU
        // splits r,z from n
        Buf.Rhs whhP = Buf.rhs(state, resetBefore ? 2 * hidden : g, whh[k], 0, true);
        Buf.Rhs whnP = resetBefore ? Buf.rhs(hidden, hidden, whh[k], 2 * hidden * hidden, true) : null;
        Buf.Rhs whrP = proj > 0 ? Buf.rhs(hidden, proj, whr[k], 0, true) : null;

        Buf hp = Buf.zeros(dbl, rows * state);
        Buf cp = lstm ? Buf.zeros(dbl, rows * hidden) : null;
        Buf cNew = lstm ? Buf.zeros(dbl, rows * hidden) : null;
        Buf ex = cell == CellKind.GRU ? Buf.zeros(dbl, rows * hidden) : null;
        Buf mAll = proj > 0 ? Buf.zeros(dbl, rows * hidden) : null;
        acts[k] = a;
        hPrev[k] = hp;
        cPrev[k] = cp;
        extra[k] = lstm ? cNew : ex;
        unprojected[k] = mAll;
        Buf h = h0.copy(k * bs, bs);
        Buf c = lstm ? c0.copy(k * bh, bh) : null;
        Buf hProj = Buf.zeros(dbl, batch * (resetBefore ? 2 * hidden : g));
        Buf projN = resetBefore ? Buf.zeros(dbl, bh) : null;
        Buf hNew = Buf.zeros(dbl, bs);
        Buf scratch = Buf.zeros(dbl, hidden);
        // the state as the recurrent products read it: h itself, or h times this direction's recurrent dropout mask
        Buf mask = recurrentMasks[k], hIn = mask == null ? h : Buf.zeros(dbl, bs);
        for (int s = 0; s < time; s++) {
            int t = d == 0 ? s : time - 1 - s;
            int row0 = t * batch;
            h.copyTo(0, hp, row0 * state, bs);
            if (mask != null) {
                masked(h, 0, mask, hIn, 0, bs);
            }
            if (c != null) {
                c.copyTo(0, cp, row0 * hidden, bh);
            }
            int ao = row0 * g;
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    Buf.gemm(batch, hIn, 0, whhP, hProj, 0);
                    Buf.sumRows(a, ao, g, a, ao, hProj, 0, g, bhh[k], 0, batch, g);
                    if (cell == CellKind.RNN_TANH) {
                        a.tanh(ao, bh);
                    } else {
                        a.relu(ao, bh);
                    }
                    a.copyTo(ao, hNew, 0, bh);
                }
                case LSTM -> {
                    Buf.gemm(batch, hIn, 0, whhP, hProj, 0);
                    Buf.sumRows(a, ao, g, a, ao, hProj, 0, g, bhh[k], 0, batch, g);
                    // without a projection o * tanh(c) is h itself
                    Buf m = proj > 0 ? mAll : hNew;
                    int m0 = proj > 0 ? row0 * hidden : 0;
                    for (int b = 0; b < batch; b++) {
                        lstmCell(k, a, ao + b * g, c, b * hidden, cNew, (row0 + b) * hidden, m, m0 + b * hidden,
                                scratch);
                    }
                    if (proj > 0) {
                        Buf.gemm(batch, mAll, row0 * hidden, whrP, hNew, 0);
                    }
                }
                case GRU -> {
                    if (!resetBefore) {
                        Buf.gemm(batch, hIn, 0, whhP, hProj, 0);
                        if (bias) {
                            hProj.addRowVector(0, batch, g, g, bhh[k], 0);
                        }
                        for (int b = 0; b < batch; b++) {
                            int r = ao + b * g, pr = b * g;
                            Buf.sumRows(a, r, g, a, r, hProj, pr, g, null, 0, 1, 2 * hidden);
                            a.sigmoid(r, 2 * hidden);
                            int eo = (row0 + b) * hidden;
                            if (a.f != null) {
                                // typed loops, the same double arithmetic as the generic ones below
                                float[] af = a.f, pf = hProj.f, ef = ex.f;
                                for (int j = 0; j < hidden; j++) {
                                    float hn = pf[pr + 2 * hidden + j];
                                    ef[eo + j] = hn;
                                    af[r + 2 * hidden + j] = (float) (af[r + 2 * hidden + j] + (double) af[r + j] * hn);
                                }
                            } else {
                                for (int j = 0; j < hidden; j++) {
                                    double hn = hProj.get(pr + 2 * hidden + j);
                                    ex.set(eo + j, hn);
                                    a.set(r + 2 * hidden + j, a.get(r + 2 * hidden + j) + a.get(r + j) * hn);
                                }
                            }
                            a.tanh(r + 2 * hidden, hidden);
                            gruUpdate(a, r, h, b, hNew);
                        }
                    } else {
                        int g2 = 2 * hidden;
                        Buf.gemm(batch, hIn, 0, whhP, hProj, 0);
                        if (bias) {
                            hProj.addRowVector(0, batch, g2, g2, bhh[k], 0);
                        }
                        Buf hr = hNew; // scratch until the update below
                        for (int b = 0; b < batch; b++) {
                            int r = ao + b * g, pr = b * g2;
                            Buf.sumRows(a, r, g, a, r, hProj, pr, g2, null, 0, 1, g2);
                            a.sigmoid(r, g2);
                            int eo = (row0 + b) * hidden;
                            for (int j = 0; j < hidden; j++) {
                                double v = a.get(r + j) * hIn.get(b * hidden + j);
                                hr.set(b * hidden + j, v);
                                ex.set(eo + j, v);
                            }
                        }
                        Buf.gemm(batch, hr, 0, whnP, projN, 0);
                        for (int b = 0; b < batch; b++) {
                            int r = ao + b * g;
                            for (int j = 0; j < hidden; j++) {
                                a.set(r + g2 + j, a.get(r + g2 + j) + projN.get(b * hidden + j)
                                        + (bias ? bhh[k].get(g2 + j) : 0.0));
                            }
                            a.tanh(r + g2, hidden);
                            gruUpdate(a, r, h, b, hNew);
                        }
                    }
                }
            }
            // commit active rows; padded rows keep their state and a zero output
            for (int b = 0; b < batch; b++) {
                if (!active(t, b)) {
                    continue;
                }
                hNew.copyTo(b * state, h, b * state, state);
                hNew.copyTo(b * state, y, (row0 + b) * yWidth + d * state, state);
                if (c != null) {
                    cNew.copyTo((row0 + b) * hidden, c, b * hidden, hidden);
                }
            }
        }
        h.copyTo(0, hN, k * bs, bs);
        if (c != null) {
            c.copyTo(0, cN, k * bh, bh);
        }
    }

    /**
     * One LSTM row: gate pre-activations at {@code a[r..]} (i, f, g, o; f, g, o with coupled gates) become the gate
     * values; {@code c' = f * c + i * g} goes to {@code cNew[cn0..]} and {@code o * tanh(c')} to {@code m[m0..]}. With
     * peepholes {@code p_i * c} and {@code p_f * c} join the input and forget pre-activations and {@code p_o * c'}
     * the output one. In float32 every product and sum rounds as the composed ops round it.
     */
    private void lstmCell(int k, Buf a, int r, Buf c, int c0, Buf cNew, int cn0, Buf m, int m0, Buf scratch) {
        int hd = hidden, fo = fOff(), go = fo + hd, oo = go + hd;
        if (a.f == null) {
            lstmCellDouble(k, a.d, r, c.d, c0, cNew.d, cn0, m.d, m0, scratch);
            return;
        }
        float[] af = a.f, cf = c.f, nf = cNew.f, sf = scratch.f, mf = m.f;
        if (peephole) {
            float[] pf = peepF[k].f, pi = cifg ? null : peepI[k].f;
            for (int j = 0; j < hd; j++) {
                float cv = cf[c0 + j];
                if (!cifg) {
                    af[r + j] = af[r + j] + cv * pi[j];
                }
                af[r + fo + j] = af[r + fo + j] + cv * pf[j];
            }
        }
        a.sigmoid(r, go);
        a.tanh(r + go, hd);
        for (int j = 0; j < hd; j++) {
            float f = af[r + fo + j], i = cifg ? 1 - f : af[r + j];
            float v = f * cf[c0 + j] + i * af[r + go + j];
            nf[cn0 + j] = v;
            sf[j] = v;
        }
        if (peephole) {
            float[] po = peepO[k].f;
            for (int j = 0; j < hd; j++) {
                af[r + oo + j] = af[r + oo + j] + nf[cn0 + j] * po[j];
            }
        }
        a.sigmoid(r + oo, hd);
        scratch.tanh(0, hd);
        for (int j = 0; j < hd; j++) {
            mf[m0 + j] = af[r + oo + j] * sf[j];
        }
    }

    /** {@link #lstmCell} in float64. */
    private void lstmCellDouble(int k, double[] a, int r, double[] c, int c0, double[] cNew, int cn0, double[] m,
                                int m0, Buf scratch) {
        int hd = hidden, fo = fOff(), go = fo + hd, oo = go + hd;
        double[] sd = scratch.d;
        if (peephole) {
            double[] pf = peepF[k].d, pi = cifg ? null : peepI[k].d;
            for (int j = 0; j < hd; j++) {
                double cv = c[c0 + j];
                if (!cifg) {
                    a[r + j] += cv * pi[j];
                }
                a[r + fo + j] += cv * pf[j];
            }
        }
        for (int j = r; j < r + go; j++) {
            a[j] = Buf.sigmoid(a[j]);
        }
        for (int j = r + go; j < r + oo; j++) {
            a[j] = Math.tanh(a[j]);
        }
        for (int j = 0; j < hd; j++) {
            double f = a[r + fo + j], i = cifg ? 1 - f : a[r + j];
            double v = f * c[c0 + j] + i * a[r + go + j];
            cNew[cn0 + j] = v;
            sd[j] = Math.tanh(v);
        }
        for (int j = 0; j < hd; j++) {
            double o = a[r + oo + j] + (peephole ? cNew[cn0 + j] * peepO[k].d[j] : 0);
            a[r + oo + j] = Buf.sigmoid(o);
            m[m0 + j] = a[r + oo + j] * sd[j];
        }
    }

    /**
     * {@code h' = (1 - z) * n + z * h} for row {@code b}, or {@code (1 - z) * h + z * n} with the candidate update;
     * gates at {@code a[r..]} as r, z, n.
     */
    private void gruUpdate(Buf a, int r, Buf h, int b, Buf hNew) {
        if (candidate) {
            for (int j = 0; j < hidden; j++) {
                double z = a.get(r + hidden + j), n = a.get(r + 2 * hidden + j);
                hNew.set(b * hidden + j, (1 - z) * h.get(b * hidden + j) + z * n);
            }
            return;
        }
        if (a.f != null) {
            float[] af = a.f, hf = h.f, nf = hNew.f;
            for (int j = 0; j < hidden; j++) {
                double z = af[r + hidden + j], n = af[r + 2 * hidden + j];
                nf[b * hidden + j] = (float) ((1 - z) * n + z * hf[b * hidden + j]);
            }
            return;
        }
        for (int j = 0; j < hidden; j++) {
            double z = a.get(r + hidden + j), n = a.get(r + 2 * hidden + j);
            hNew.set(b * hidden + j, (1 - z) * n + z * h.get(b * hidden + j));
        }
    }

    // ----- backward -----

    /** Gradients of one call; entries for what was not asked are null. */
    static final class Grads {
        Buf input, h0, c0;
        Buf[] weights;
    }

    /**
     * Back-propagation through time.
     *
     * @param dOut       gradient of the output, {@code (T*B) x (dirs*S)}
     * @param dhN        gradient of the final hidden states, or null
     * @param dcN        gradient of the final cell states, or null
     * @param needInput  whether to compute the input's gradient (skips one large product when not)
     */
    Grads backward(Buf dOut, Buf dhN, Buf dcN, boolean needInput) {
        int n = layers * dirs;
        Grads gr = new Grads();
        gr.weights = new Buf[n * perDirection()];
        gr.h0 = Buf.zeros(dbl, n * batch * state);
        gr.c0 = cell == CellKind.LSTM ? Buf.zeros(dbl, n * batch * hidden) : null;
        Buf dy = dOut;
        for (int l = layers - 1; l >= 0; l--) {
            boolean wantDx = l > 0 || needInput;
            Buf dx = wantDx ? Buf.zeros(dbl, time * batch * layerInputSize(l)) : null;
            if (dirs == 2 && Parallel.threadsHere() > 1) {
                // the directions on two cores at once; the reverse one's input gradient goes to a buffer of its own
                // and is added after the forward one's, as the sequential order adds them
                int layer = l;
                Buf dyl = dy, part = dx == null ? null : Buf.zeros(dbl, dx.length);
                Parallel.both(() -> backwardDirection(layer, 0, dyl, dx, true, dhN, dcN, gr),
                        () -> backwardDirection(layer, 1, dyl, part, false, dhN, dcN, gr));
                if (dx != null) {
                    dx.addFrom(part, 0, 0, dx.length);
                }
            } else {
                for (int d = 0; d < dirs; d++) {
                    backwardDirection(l, d, dy, dx, true, dhN, dcN, gr);
                }
            }
            if (l > 0) {
                Buf m = masks[l - 1];
                if (m != null) {
                    dx.mulFrom(m, 0, dx.length);
                }
                dy = dx;
            } else {
                gr.input = dx;
            }
        }
        return gr;
    }

    private int perDirection() {
        return (bias ? 4 : 2) + (proj > 0 ? 1 : 0) + (peephole ? (cifg ? 2 : 3) : 0);
    }

    /**
     * One layer and direction's backward pass; its input gradient is added to {@code dx} ({@code addToDx}) or written
     * there.
     */
    private void backwardDirection(int l, int d, Buf dy, Buf dx, boolean addToDx, Buf dhN, Buf dcN, Grads gr) {
        int k = l * dirs + d, in = layerInputSize(l), g = gates * hidden, rows = time * batch;
        int bs = batch * state, bh = batch * hidden, yWidth = dirs * state, g2 = 2 * hidden;
        boolean lstm = cell == CellKind.LSTM, gru = cell == CellKind.GRU;
        Buf a = acts[k], hp = hPrev[k], ex = extra[k];
        Buf w = whh[k];
        // dXP: gradient of the input projection's pre-activations; dHP: of the hidden projection's (equal except
        // for the GRU's n gate). The reset-before GRU keeps its r,z and n parts apart for the products below. An
        // LSTM's or RNN's row of gate values is read whole before its gradient replaces it, so dXP takes their place.
        Buf dxp = gru ? Buf.zeros(dbl, rows * g) : a;
        Buf dhp = gru ? Buf.zeros(dbl, rows * (resetBefore ? g2 : g)) : dxp;
        Buf dhpN = resetBefore ? Buf.zeros(dbl, rows * hidden) : null;
        Buf dh = dhN == null ? Buf.zeros(dbl, bs) : dhN.copy(k * bs, bs);
        Buf dc = lstm ? (dcN == null ? Buf.zeros(dbl, bh) : dcN.copy(k * bh, bh)) : null;
        Buf dhPrev = Buf.zeros(dbl, bs);
        Buf dhr = resetBefore ? Buf.zeros(dbl, bh) : null;
        Buf tc = lstm ? Buf.zeros(dbl, hidden) : null;
        // with a projection: dL/d(o * tanh c) per step, and dL/dh of every step for dW_hr
        Buf dm = proj > 0 ? Buf.zeros(dbl, bh) : dh;
        Buf dhAll = proj > 0 ? Buf.zeros(dbl, rows * proj) : null;
        // the recurrent weights, packed once for the per-step products (the reset-before GRU: r,z rows and n rows)
        Buf.Rhs wP = Buf.rhs(resetBefore ? g2 : g, state, w, 0, false);
        Buf.Rhs wnP = resetBefore ? Buf.rhs(hidden, hidden, w, g2 * hidden, false) : null;
        Buf.Rhs whrP = proj > 0 ? Buf.rhs(proj, hidden, whr[k], 0, false) : null;
        // with recurrent dropout the products read the masked states: dW_hh (and the reset-before GRU's r gate) needs
        // them, the gate paths that read h directly the unmasked ones
        Buf mask = recurrentMasks[k], hpIn = hp;
        if (mask != null) {
            hpIn = Buf.zeros(dbl, rows * state);
            masked(hp, 0, mask, hpIn, 0, rows * state);
        }
        // padded rows must have zero gate gradients: the in-place ones still hold gate values there
        if (!gru && lengths != null) {
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < batch; b++) {
                    if (!active(t, b)) {
                        dxp.zero((t * batch + b) * g, g);
                    }
                }
            }
        }
        for (int s = 0; s < time; s++) {
            int t = d == 0 ? time - 1 - s : s;
            int row0 = t * batch, ao = row0 * g;
            for (int b = 0; b < batch; b++) {
                if (active(t, b)) {
                    dh.addFrom(dy, (row0 + b) * yWidth + d * state, b * state, state);
                }
            }
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    for (int b = 0; b < batch; b++) {
                        if (!active(t, b)) {
                            continue;
                        }
                        for (int j = 0; j < hidden; j++) {
                            int i = ao + b * hidden + j;
                            double y = a.get(i);
                            double dact = cell == CellKind.RNN_TANH ? 1 - y * y : (y > 0 ? 1 : 0);
                            dxp.set(i, dh.get(b * hidden + j) * dact);
                        }
                    }
                    Buf.gemm(batch, dxp, ao, wP, dhPrev, 0);
                }
                case LSTM -> {
                    if (proj > 0) {
                        for (int b = 0; b < batch; b++) {
                            if (active(t, b)) {
                                dh.copyTo(b * proj, dhAll, (row0 + b) * proj, proj);
                            }
                        }
                        Buf.gemm(batch, dh, 0, whrP, dm, 0);
                    }
                    Buf cNew = ex, cp = cPrev[k];
                    for (int b = 0; b < batch; b++) {
                        if (!active(t, b)) {
                            continue;
                        }
                        int so = (row0 + b) * hidden;
                        cNew.copyTo(so, tc, 0, hidden);
                        tc.tanh(0, hidden);
                        lstmCellBackward(k, a, ao + b * g, tc, dm, dc, b * hidden, cp, cNew, so);
                    }
                    Buf.gemm(batch, dxp, ao, wP, dhPrev, 0);
                }
                case GRU -> {
                    if (!resetBefore) {
                        for (int b = 0; b < batch; b++) {
                            if (!active(t, b)) {
                                continue;
                            }
                            int r = ao + b * g, so = (row0 + b) * hidden;
                            if (a.f != null && !candidate) {
                                gruBackwardRow(a.f, r, dh.f, b * hidden, hp.f, ex.f, so, dxp.f, dhp.f);
                                continue;
                            }
                            for (int j = 0; j < hidden; j++) {
                                double rg = a.get(r + j), zg = a.get(r + hidden + j), ng = a.get(r + 2 * hidden + j);
                                double dhv = dh.get(b * hidden + j), hPrevV = hp.get(so + j);
                                double dan = dhv * (candidate ? zg : 1 - zg) * (1 - ng * ng);
                                double daz = dhv * (candidate ? ng - hPrevV : hPrevV - ng) * zg * (1 - zg);
                                double dar = dan * ex.get(so + j) * rg * (1 - rg);
                                dxp.set(r + j, dar);
                                dxp.set(r + hidden + j, daz);
                                dxp.set(r + 2 * hidden + j, dan);
                                dhp.set(r + j, dar);
                                dhp.set(r + hidden + j, daz);
                                dhp.set(r + 2 * hidden + j, dan * rg);
                            }
                        }
                        Buf.gemm(batch, dhp, ao, wP, dhPrev, 0);
                    } else {
                        // n first: d(r*h) needs the n gate's gradient through W_hn
                        for (int b = 0; b < batch; b++) {
                            if (!active(t, b)) {
                                continue;
                            }
                            int r = ao + b * g;
                            for (int j = 0; j < hidden; j++) {
                                double zg = a.get(r + hidden + j), ng = a.get(r + 2 * hidden + j);
                                double dan = dh.get(b * hidden + j) * (candidate ? zg : 1 - zg) * (1 - ng * ng);
                                dxp.set(r + 2 * hidden + j, dan);
                                dhpN.set((row0 + b) * hidden + j, dan);
                            }
                        }
                        Buf.gemm(batch, dhpN, row0 * hidden, wnP, dhr, 0);
                        for (int b = 0; b < batch; b++) {
                            if (!active(t, b)) {
                                continue;
                            }
                            int r = ao + b * g, so = (row0 + b) * hidden;
                            for (int j = 0; j < hidden; j++) {
                                double rg = a.get(r + j), zg = a.get(r + hidden + j), ng = a.get(r + 2 * hidden + j);
                                double dhv = dh.get(b * hidden + j), hPrevV = hp.get(so + j);
                                double dar = dhr.get(b * hidden + j) * hpIn.get(so + j) * rg * (1 - rg);
                                double daz = dhv * (candidate ? ng - hPrevV : hPrevV - ng) * zg * (1 - zg);
                                dxp.set(r + j, dar);
                                dxp.set(r + hidden + j, daz);
                                dhp.set((row0 + b) * g2 + j, dar);
                                dhp.set((row0 + b) * g2 + hidden + j, daz);
                            }
                        }
                        Buf.gemm(batch, dhp, row0 * g2, wP, dhPrev, 0);
                    }
                }
            }
            // the state gradient for the step before: through the weights and the direct paths for active rows,
            // unchanged for padded ones
            for (int b = 0; b < batch; b++) {
                if (!active(t, b)) {
                    continue;
                }
                if (!gru) {
                    if (mask == null) {
                        dhPrev.copyTo(b * state, dh, b * state, state);
                    } else {
                        masked(dhPrev, b * state, mask, dh, b * state, state);
                    }
                    continue;
                }
                if (a.f != null && !resetBefore && mask == null && !candidate) {
                    float[] pf = dhPrev.f, hf = dh.f, af = a.f;
                    for (int j = 0; j < hidden; j++) {
                        int i = b * hidden + j;
                        hf[i] = (float) (pf[i] + (double) hf[i] * af[ao + b * g + hidden + j]);
                    }
                    continue;
                }
                for (int j = 0; j < hidden; j++) {
                    int i = b * hidden + j;
                    double m = mask == null ? 1 : mask.get(i), z = a.get(ao + b * g + hidden + j);
                    double v = dhPrev.get(i) * m;
                    v += dh.get(i) * (candidate ? 1 - z : z);
                    if (resetBefore) {
                        v += dhr.get(i) * a.get(ao + b * g + j) * m;
                    }
                    dh.set(i, v);
                }
            }
        }
        dh.copyTo(0, gr.h0, k * bs, bs);
        if (dc != null) {
            dc.copyTo(0, gr.c0, k * bh, bh);
        }
        // weight gradients: one product over all steps each
        int per = perDirection(), wi = k * per;
        Buf dWih = Buf.zeros(dbl, g * in);
        Buf.gemm(g, in, rows, dxp, 0, true, layerIn[l], 0, false, dWih, 0, false);
        Buf dWhh = Buf.zeros(dbl, g * state);
        if (resetBefore) {
            Buf.gemm(g2, hidden, rows, dhp, 0, true, hpIn, 0, false, dWhh, 0, false);
            Buf.gemm(hidden, hidden, rows, dhpN, 0, true, ex, 0, false, dWhh, g2 * hidden, false);
        } else {
            Buf.gemm(g, state, rows, dhp, 0, true, hpIn, 0, false, dWhh, 0, false);
        }
        gr.weights[wi++] = dWih;
        gr.weights[wi++] = dWhh;
        if (bias) {
            Buf dbih = dxp.columnSums(rows, g);
            gr.weights[wi++] = dbih;
            if (resetBefore) {
                Buf rz = dhp.columnSums(rows, g2), nn = dhpN.columnSums(rows, hidden);
                Buf all = Buf.zeros(dbl, g);
                rz.copyTo(0, all, 0, g2);
                nn.copyTo(0, all, g2, hidden);
                gr.weights[wi++] = all;
            } else {
                // the same sums: the hidden bias enters where the input bias does (a copy: each gradient owns its array)
                gr.weights[wi++] = gru ? dhp.columnSums(rows, g) : dbih.copy(0, g);
            }
        }
        if (proj > 0) {
            Buf dWhr = Buf.zeros(dbl, proj * hidden);
            Buf.gemm(proj, hidden, rows, dhAll, 0, true, unprojected[k], 0, false, dWhr, 0, false);
            gr.weights[wi++] = dWhr;
        }
        if (peephole) {
            // d p = sum over steps of the gate's pre-activation gradient times the cell state it saw
            Buf cp = cPrev[k], cNew = ex;
            if (!cifg) {
                gr.weights[wi++] = dxp.columnProductSums(rows, g, 0, cp, hidden);
            }
            gr.weights[wi++] = dxp.columnProductSums(rows, g, fOff(), cp, hidden);
            gr.weights[wi] = dxp.columnProductSums(rows, g, fOff() + 2 * hidden, cNew, hidden);
        }
        if (dx != null) {
            Buf.gemm(rows, in, g, dxp, 0, false, wih[k], 0, false, dx, 0, addToDx);
        }
    }

    /**
     * One LSTM row's backward step: reads the gate values at {@code a[r..]} (i, f, g, o; f, g, o with coupled gates),
     * {@code tanh(c_t)} in {@code tc}, and the gradients reaching {@code o * tanh(c_t)} ({@code dm[s0..]}) and
     * {@code c_t} ({@code dc[s0..]}); writes the pre-activation gradients over the gate values and the gradient of
     * {@code c_{t-1}} into {@code dc[s0..]}.
     */
    private void lstmCellBackward(int k, Buf a, int r, Buf tc, Buf dm, Buf dc, int s0, Buf cp, Buf cNew, int so) {
        int hd = hidden, fo = fOff(), go = fo + hd, oo = go + hd;
        if (a.f != null && !peephole && !cifg) {
            lstmBackwardRow(a.f, r, tc.f, dm.f, dc.f, s0, cp.f, so, a.f);
            return;
        }
        for (int j = 0; j < hd; j++) {
            double fg = a.get(r + fo + j), gg = a.get(r + go + j), og = a.get(r + oo + j), tcv = tc.get(j);
            double ig = cifg ? 1 - fg : a.get(r + j), cpv = cp.get(so + j);
            double dmv = dm.get(s0 + j);
            double dao = dmv * tcv * og * (1 - og);
            double dct = dc.get(s0 + j) + dmv * og * (1 - tcv * tcv);
            if (peephole) {
                dct += dao * peepO[k].get(j);
            }
            // with coupled gates f also reaches c through i = 1 - f
            double daf = (cifg ? dct * cpv - dct * gg : dct * cpv) * fg * (1 - fg);
            double dai = cifg ? 0 : dct * gg * ig * (1 - ig);
            double dcPrev = dct * fg;
            if (peephole) {
                dcPrev += daf * peepF[k].get(j) + (cifg ? 0 : dai * peepI[k].get(j));
            }
            if (!cifg) {
                a.set(r + j, dai);
            }
            a.set(r + fo + j, daf);
            a.set(r + go + j, dct * ig * (1 - gg * gg));
            a.set(r + oo + j, dao);
            dc.set(s0 + j, dcPrev);
        }
    }

    /** The float32 form of the GRU's backward step for one row (the generic loop's formulas, in double as there). */
    private void gruBackwardRow(float[] a, int r, float[] dh, int s0, float[] hp, float[] ex, int so, float[] dxp,
                                float[] dhp) {
        int hd = hidden;
        for (int j = 0; j < hd; j++) {
            double rg = a[r + j], zg = a[r + hd + j], ng = a[r + 2 * hd + j];
            double dhv = dh[s0 + j], hPrevV = hp[so + j];
            double dan = dhv * (1 - zg) * (1 - ng * ng);
            double daz = dhv * (hPrevV - ng) * zg * (1 - zg);
            double dar = dan * ex[so + j] * rg * (1 - rg);
            dxp[r + j] = (float) dar;
            dxp[r + hd + j] = (float) daz;
            dxp[r + 2 * hd + j] = (float) dan;
            dhp[r + j] = (float) dar;
            dhp[r + hd + j] = (float) daz;
            dhp[r + 2 * hd + j] = (float) (dan * rg);
        }
    }

    /** The float32 form of the plain LSTM's backward step for one row (same formulas as the generic loop). */
    private void lstmBackwardRow(float[] a, int r, float[] tc, float[] dh, float[] dc, int s0, float[] cp, int so,
                                 float[] dxp) {
        int hd = hidden;
        for (int j = 0; j < hd; j++) {
            float ig = a[r + j], fg = a[r + hd + j], gg = a[r + 2 * hd + j], og = a[r + 3 * hd + j], t = tc[j];
            float dhv = dh[s0 + j];
            float dct = dc[s0 + j] + dhv * og * (1 - t * t);
            dxp[r + j] = dct * gg * ig * (1 - ig);
            dxp[r + hd + j] = dct * cp[so + j] * fg * (1 - fg);
            dxp[r + 2 * hd + j] = dct * ig * (1 - gg * gg);
            dxp[r + 3 * hd + j] = dhv * t * og * (1 - og);
            dc[s0 + j] = dct * fg;
        }
    }
}
