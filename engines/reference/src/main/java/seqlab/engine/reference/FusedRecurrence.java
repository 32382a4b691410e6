package seqlab.engine.reference;

import seqlab.engine.CellKind;
import seqlab.engine.RandomSource;

/**
 * One call of the fused recurrent kernel: the forward pass of a whole stack over the whole sequence, keeping what
 * back-propagation through time needs, and that backward pass.
 *
 * <p>Per layer and direction the input projection of every step is one matrix product
 * {@code XP = X W_ih^T + b_ih} ({@code (T*B) x G}); the recurrence then needs one {@code (B x H) (H x G)} product per
 * step plus elementwise gate math. Backward mirrors it: one {@code (B x G) (G x H)} product per step for the
 * recurrent gradient, then three large products for {@code dW_ih}, {@code dW_hh} and the input gradient over all
 * steps at once.
 *
 * <p>Layout: every sequence buffer is time-major, row {@code t*B + b}. Saved per layer and direction, indexed by time
 * {@code t} (not by processing order, so forward and reverse directions share the weight-gradient code): the gate
 * activations, the state each step started from, and the cell's extras (LSTM: the new cell state; GRU: the hidden
 * n-projection, or {@code r * h} for the reset-before form).
 *
 * <p>Padded steps ({@code t >= length[b]}) are computed but discarded: the state is carried over unchanged, the
 * output stays zero, and backward gives them zero gate gradients while the state gradient passes through untouched.
 * All loops run in a fixed order and products use {@link Gemm}, so results do not depend on the thread count.
 */
final class FusedRecurrence {
    private final CellKind cell;
    /** GRU only: Cho et al.'s placement of the reset gate, before the hidden product. */
    private final boolean resetBefore;
    private final int time, batch, inputSize, hidden, layers, dirs, gates;
    private final boolean bias, dbl;
    private final int[] lengths;
    private final Buf[] wih, whh, bih, bhh;

    // saved by the forward pass
    private final Buf[] layerIn, masks;
    private final Buf[] acts, hPrev, cPrev, extra;
    private Buf output, hN, cN;

    /**
     * @param weights per layer and direction: w_ih, w_hh[, b_ih, b_hh]
     * @param lengths real lengths, or null when all are full
     */
    FusedRecurrence(CellKind cell, boolean resetBefore, int time, int batch, int inputSize, int hidden, int layers,
                    boolean bidirectional, boolean bias, boolean dbl, Buf[] weights, int[] lengths) {
        this.cell = cell;
        this.resetBefore = resetBefore;
        this.time = time;
        this.batch = batch;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.layers = layers;
        this.dirs = bidirectional ? 2 : 1;
        this.gates = cell.gates();
        this.bias = bias;
        this.dbl = dbl;
        this.lengths = lengths;
        int n = layers * dirs, per = bias ? 4 : 2;
        wih = new Buf[n];
        whh = new Buf[n];
        bih = new Buf[n];
        bhh = new Buf[n];
        for (int k = 0; k < n; k++) {
            wih[k] = weights[k * per];
            whh[k] = weights[k * per + 1];
            if (bias) {
                bih[k] = weights[k * per + 2];
                bhh[k] = weights[k * per + 3];
            }
        }
        layerIn = new Buf[layers];
        masks = new Buf[layers];
        acts = new Buf[n];
        hPrev = new Buf[n];
        cPrev = new Buf[n];
        extra = new Buf[n];
    }

    private boolean active(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    private int layerInputSize(int l) {
        return l == 0 ? inputSize : dirs * hidden;
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
     * {@code (time, batch, directions*H)} order, kept when {@code >= p}.
     */
    void forward(Buf input, Buf h0, Buf c0, double dropout, boolean training, RandomSource rng) {
        int n = layers * dirs;
        hN = Buf.zeros(dbl, n * batch * hidden);
        cN = cell == CellKind.LSTM ? Buf.zeros(dbl, n * batch * hidden) : null;
        Buf x = input;
        for (int l = 0; l < layers; l++) {
            layerIn[l] = x;
            Buf y = Buf.zeros(dbl, time * batch * dirs * hidden);
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

    private void forwardDirection(int l, int d, Buf x, Buf y, Buf h0, Buf c0) {
        int k = l * dirs + d, in = layerInputSize(l), g = gates * hidden, rows = time * batch, bh = batch * hidden;
        int yWidth = dirs * hidden;
        Buf xp = Buf.zeros(dbl, rows * g);
        Buf.gemm(rows, g, in, x, 0, false, wih[k], 0, true, xp, 0, false);
        if (bias) {
            xp.addRowVector(0, rows, g, g, bih[k], 0);
        }
        // h (B x H) times W_hh^T, packed once: every time step multiplies by the same weights; the reset-before GRU
        // splits r,z from n
        Buf.Rhs whhP = Buf.rhs(hidden, resetBefore ? 2 * hidden : g, whh[k], 0, true);
        Buf.Rhs whnP = resetBefore ? Buf.rhs(hidden, hidden, whh[k], 2 * hidden * hidden, true) : null;

        Buf a = Buf.zeros(dbl, rows * g);
        Buf hp = Buf.zeros(dbl, rows * hidden);
        Buf cp = cell == CellKind.LSTM ? Buf.zeros(dbl, rows * hidden) : null;
        Buf cNew = cell == CellKind.LSTM ? Buf.zeros(dbl, rows * hidden) : null;
        Buf ex = cell == CellKind.GRU ? Buf.zeros(dbl, rows * hidden) : null;
        acts[k] = a;
        hPrev[k] = hp;
        cPrev[k] = cp;
        extra[k] = cell == CellKind.LSTM ? cNew : ex;
        Buf h = h0.copy(k * bh, bh);
        Buf c = cp != null ? c0.copy(k * bh, bh) : null;
        Buf proj = Buf.zeros(dbl, batch * (resetBefore ? 2 * hidden : g));
        Buf projN = resetBefore ? Buf.zeros(dbl, bh) : null;
        Buf hNew = Buf.zeros(dbl, bh);
        Buf scratch = Buf.zeros(dbl, hidden);
        for (int s = 0; s < time; s++) {
            int t = d == 0 ? s : time - 1 - s;
            int row0 = t * batch;
            h.copyTo(0, hp, row0 * hidden, bh);
            if (c != null) {
                c.copyTo(0, cp, row0 * hidden, bh);
            }
            int ao = row0 * g;
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    Buf.gemm(batch, h, 0, whhP, proj, 0);
                    Buf.sumRows(a, ao, g, xp, ao, proj, 0, g, bhh[k], 0, batch, g);
                    if (cell == CellKind.RNN_TANH) {
                        a.tanh(ao, bh);
                    } else {
                        a.relu(ao, bh);
                    }
                    a.copyTo(ao, hNew, 0, bh);
                }
                case LSTM -> {
                    Buf.gemm(batch, h, 0, whhP, proj, 0);
                    Buf.sumRows(a, ao, g, xp, ao, proj, 0, g, bhh[k], 0, batch, g);
                    for (int b = 0; b < batch; b++) {
                        int r = ao + b * g;
                        a.sigmoid(r, 2 * hidden);
                        a.tanh(r + 2 * hidden, hidden);
                        a.sigmoid(r + 3 * hidden, hidden);
                        lstmState(a, r, c, b * hidden, cNew, (row0 + b) * hidden, hNew, scratch);
                    }
                }
                case GRU -> {
                    if (!resetBefore) {
                        Buf.gemm(batch, h, 0, whhP, proj, 0);
                        if (bias) {
                            proj.addRowVector(0, batch, g, g, bhh[k], 0);
                        }
                        for (int b = 0; b < batch; b++) {
                            int r = ao + b * g, pr = b * g;
                            Buf.sumRows(a, r, g, xp, r, proj, pr, g, null, 0, 1, 2 * hidden);
                            a.sigmoid(r, 2 * hidden);
                            int eo = (row0 + b) * hidden;
                            for (int j = 0; j < hidden; j++) {
                                double hn = proj.get(pr + 2 * hidden + j);
                                ex.set(eo + j, hn);
                                a.set(r + 2 * hidden + j, xp.get(r + 2 * hidden + j) + a.get(r + j) * hn);
                            }
                            a.tanh(r + 2 * hidden, hidden);
                            gruUpdate(a, r, h, b, hNew);
                        }
                    } else {
                        int g2 = 2 * hidden;
                        Buf.gemm(batch, h, 0, whhP, proj, 0);
                        if (bias) {
                            proj.addRowVector(0, batch, g2, g2, bhh[k], 0);
                        }
                        Buf hr = hNew; // scratch until the update below
                        for (int b = 0; b < batch; b++) {
                            int r = ao + b * g, pr = b * g2;
                            Buf.sumRows(a, r, g, xp, r, proj, pr, g2, null, 0, 1, g2);
                            a.sigmoid(r, g2);
                            int eo = (row0 + b) * hidden;
                            for (int j = 0; j < hidden; j++) {
                                double v = a.get(r + j) * h.get(b * hidden + j);
                                hr.set(b * hidden + j, v);
                                ex.set(eo + j, v);
                            }
                        }
                        Buf.gemm(batch, hr, 0, whnP, projN, 0);
                        for (int b = 0; b < batch; b++) {
                            int r = ao + b * g;
                            for (int j = 0; j < hidden; j++) {
                                a.set(r + g2 + j, xp.get(r + g2 + j) + projN.get(b * hidden + j)
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
                hNew.copyTo(b * hidden, h, b * hidden, hidden);
                hNew.copyTo(b * hidden, y, (row0 + b) * yWidth + d * hidden, hidden);
                if (c != null) {
                    cNew.copyTo((row0 + b) * hidden, c, b * hidden, hidden);
                }
            }
        }
        h.copyTo(0, hN, k * bh, bh);
        if (c != null) {
            c.copyTo(0, cN, k * bh, bh);
        }
    }

    /**
     * {@code c' = f * c + i * g}, {@code h' = o * tanh(c')} for one row, gates at {@code a[r..]} as i, f, g, o. In
     * float32 the products and the sum round as the composed ops round them.
     */
    private void lstmState(Buf a, int r, Buf c, int c0, Buf cNew, int cn0, Buf hNew, Buf scratch) {
        int hd = hidden;
        if (a.f != null) {
            float[] af = a.f, cf = c.f, nf = cNew.f, sf = scratch.f, hf = hNew.f;
            for (int j = 0; j < hd; j++) {
                float v = af[r + hd + j] * cf[c0 + j] + af[r + j] * af[r + 2 * hd + j];
                nf[cn0 + j] = v;
                sf[j] = v;
            }
            scratch.tanh(0, hd);
            for (int j = 0; j < hd; j++) {
                hf[c0 + j] = af[r + 3 * hd + j] * sf[j];
            }
        } else {
            for (int j = 0; j < hd; j++) {
                double v = a.get(r + hd + j) * c.get(c0 + j) + a.get(r + j) * a.get(r + 2 * hd + j);
                cNew.set(cn0 + j, v);
                scratch.set(j, v);
            }
            scratch.tanh(0, hd);
            for (int j = 0; j < hd; j++) {
                hNew.set(c0 + j, a.get(r + 3 * hd + j) * scratch.get(j));
            }
        }
    }

    /** The float32 form of the LSTM backward step for one row (same formulas as the generic loop). */
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

    /** {@code h' = (1 - z) * n + z * h} for row {@code b}; gates at {@code a[r..]} as r, z, n. */
    private void gruUpdate(Buf a, int r, Buf h, int b, Buf hNew) {
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
     * @param dOut       gradient of the output, {@code (T*B) x (dirs*H)}
     * @param dhN        gradient of the final hidden states, or null
     * @param dcN        gradient of the final cell states, or null
     * @param needInput  whether to compute the input's gradient (skips one large product when not)
     */
    Grads backward(Buf dOut, Buf dhN, Buf dcN, boolean needInput) {
        int n = layers * dirs, bh = batch * hidden, per = bias ? 4 : 2;
        Grads gr = new Grads();
        gr.weights = new Buf[n * per];
        gr.h0 = Buf.zeros(dbl, n * bh);
        gr.c0 = cell == CellKind.LSTM ? Buf.zeros(dbl, n * bh) : null;
        Buf dy = dOut;
        for (int l = layers - 1; l >= 0; l--) {
            boolean wantDx = l > 0 || needInput;
            Buf dx = wantDx ? Buf.zeros(dbl, time * batch * layerInputSize(l)) : null;
            if (dirs == 2 && Parallel.threads() > 1) {
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
                    for (int i = 0; i < dx.length; i++) {
                        dx.set(i, dx.get(i) * m.get(i));
                    }
                }
                dy = dx;
            } else {
                gr.input = dx;
            }
        }
        return gr;
    }

    /**
     * One layer and direction's backward pass; its input gradient is added to {@code dx} ({@code addToDx}) or written
     * there.
     */
    private void backwardDirection(int l, int d, Buf dy, Buf dx, boolean addToDx, Buf dhN, Buf dcN, Grads gr) {
        int k = l * dirs + d, in = layerInputSize(l), g = gates * hidden, rows = time * batch, bh = batch * hidden;
        int yWidth = dirs * hidden, g2 = 2 * hidden;
        boolean lstm = cell == CellKind.LSTM, gru = cell == CellKind.GRU;
        Buf a = acts[k], hp = hPrev[k], ex = extra[k];
        Buf w = whh[k];
        // dXP: gradient of the input projection's pre-activations; dHP: of the hidden projection's (equal except
        // for the GRU's n gate). The reset-before GRU keeps its r,z and n parts apart for the products below.
        Buf dxp = Buf.zeros(dbl, rows * g);
        Buf dhp = lstm || cell == CellKind.RNN_TANH || cell == CellKind.RNN_RELU ? dxp
                : Buf.zeros(dbl, rows * (resetBefore ? g2 : g));
        Buf dhpN = resetBefore ? Buf.zeros(dbl, rows * hidden) : null;
        Buf dh = dhN == null ? Buf.zeros(dbl, bh) : dhN.copy(k * bh, bh);
        Buf dc = lstm ? (dcN == null ? Buf.zeros(dbl, bh) : dcN.copy(k * bh, bh)) : null;
        Buf dhPrev = Buf.zeros(dbl, bh);
        Buf dhr = resetBefore ? Buf.zeros(dbl, bh) : null;
        Buf tc = lstm ? Buf.zeros(dbl, hidden) : null;
        // the recurrent weights, packed once for the per-step products (the reset-before GRU: r,z rows and n rows)
        Buf.Rhs wP = Buf.rhs(resetBefore ? g2 : g, hidden, w, 0, false);
        Buf.Rhs wnP = resetBefore ? Buf.rhs(hidden, hidden, w, g2 * hidden, false) : null;
        for (int s = 0; s < time; s++) {
            int t = d == 0 ? time - 1 - s : s;
            int row0 = t * batch, ao = row0 * g;
            for (int b = 0; b < batch; b++) {
                if (active(t, b)) {
                    dh.addFrom(dy, (row0 + b) * yWidth + d * hidden, b * hidden, hidden);
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
                    Buf cNew = ex;
                    Buf cp = cPrev[k];
                    for (int b = 0; b < batch; b++) {
                        if (!active(t, b)) {
                            continue;
                        }
                        int r = ao + b * g, so = (row0 + b) * hidden;
                        cNew.copyTo(so, tc, 0, hidden);
                        tc.tanh(0, hidden);
                        if (a.f != null) {
                            lstmBackwardRow(a.f, r, tc.f, dh.f, dc.f, b * hidden, cp.f, so, dxp.f);
                            continue;
                        }
                        for (int j = 0; j < hidden; j++) {
                            double ig = a.get(r + j), fg = a.get(r + hidden + j), gg = a.get(r + 2 * hidden + j),
                                    og = a.get(r + 3 * hidden + j), tcv = tc.get(j);
                            double dhv = dh.get(b * hidden + j);
                            double dct = dc.get(b * hidden + j) + dhv * og * (1 - tcv * tcv);
                            dxp.set(r + j, dct * gg * ig * (1 - ig));
                            dxp.set(r + hidden + j, dct * cp.get(so + j) * fg * (1 - fg));
                            dxp.set(r + 2 * hidden + j, dct * ig * (1 - gg * gg));
                            dxp.set(r + 3 * hidden + j, dhv * tcv * og * (1 - og));
                            dc.set(b * hidden + j, dct * fg);
                        }
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
                            for (int j = 0; j < hidden; j++) {
                                double rg = a.get(r + j), zg = a.get(r + hidden + j), ng = a.get(r + 2 * hidden + j);
                                double dhv = dh.get(b * hidden + j), hPrevV = hp.get(so + j);
                                double dan = dhv * (1 - zg) * (1 - ng * ng);
                                double daz = dhv * (hPrevV - ng) * zg * (1 - zg);
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
                                double dan = dh.get(b * hidden + j) * (1 - zg) * (1 - ng * ng);
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
                                double dar = dhr.get(b * hidden + j) * hPrevV * rg * (1 - rg);
                                double daz = dhv * (hPrevV - ng) * zg * (1 - zg);
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
                for (int j = 0; j < hidden; j++) {
                    int i = b * hidden + j;
                    double v = dhPrev.get(i);
                    if (gru) {
                        v += dh.get(i) * a.get(ao + b * g + hidden + j);
                    }
                    if (resetBefore) {
                        v += dhr.get(i) * a.get(ao + b * g + j);
                    }
                    dh.set(i, v);
                }
            }
        }
        dh.copyTo(0, gr.h0, k * bh, bh);
        if (dc != null) {
            dc.copyTo(0, gr.c0, k * bh, bh);
        }
        // weight gradients: one product over all steps each
        int per = bias ? 4 : 2;
        Buf dWih = Buf.zeros(dbl, g * in);
        Buf.gemm(g, in, rows, dxp, 0, true, layerIn[l], 0, false, dWih, 0, false);
        Buf dWhh = Buf.zeros(dbl, g * hidden);
        if (resetBefore) {
            Buf.gemm(g2, hidden, rows, dhp, 0, true, hp, 0, false, dWhh, 0, false);
            Buf.gemm(hidden, hidden, rows, dhpN, 0, true, ex, 0, false, dWhh, g2 * hidden, false);
        } else {
            Buf.gemm(g, hidden, rows, dhp, 0, true, hp, 0, false, dWhh, 0, false);
        }
        gr.weights[k * per] = dWih;
        gr.weights[k * per + 1] = dWhh;
        if (bias) {
            gr.weights[k * per + 2] = dxp.columnSums(rows, g);
            if (resetBefore) {
                Buf rz = dhp.columnSums(rows, g2), nn = dhpN.columnSums(rows, hidden);
                Buf all = Buf.zeros(dbl, g);
                rz.copyTo(0, all, 0, g2);
                nn.copyTo(0, all, g2, hidden);
                gr.weights[k * per + 3] = all;
            } else {
                gr.weights[k * per + 3] = dhp.columnSums(rows, g);
            }
        }
        if (dx != null) {
            Buf.gemm(rows, in, g, dxp, 0, false, wih[k], 0, false, dx, 0, addToDx);
        }
    }
}
