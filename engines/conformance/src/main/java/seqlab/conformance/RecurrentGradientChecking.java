package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import seqlab.engine.CellKind;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;

/**
 * The shared machinery of the per-cell gradient-check suites: a finite-difference check ({@link GradCheck}) of a
 * probe loss over output, {@code h_n} and {@code c_n} with respect to the input, the given initial states and every
 * parameter, on tiny sizes, through the composed ops and — when the engine fuses the configuration — through its
 * kernel too. Padded input steps must get a zero gradient, which the check enforces (their numeric derivative is 0).
 */
public abstract class RecurrentGradientChecking {
    static final int TIME = 3, BATCH = 3, INPUT = 3, HIDDEN = 2;
    /** Unsorted, with a sequence of length 1, so the reverse direction's start differs per sequence. */
    static final int[] LENGTHS = {2, 3, 1};

    protected abstract Engine engine();

    /**
     * Checks {@code cfg} (its dtype is replaced by the check dtype) on every path that applies.
     *
     * @return how many paths ran (1 composed-only, 2 with the fused kernel)
     */
    protected int check(RecurrentConfig cfg, int[] lengths, boolean givenState) {
        Engine e = engine();
        DType dt = GradCheck.dtypeFor(e);
        RecurrentConfig c = cfg.dtype(dt);
        int paths = 0;
        for (boolean fused : new boolean[] {false, true}) {
            Recurrent layer = c.build(e, INPUT, new RandomSource(21));
            layer.useFusedKernels(fused);
            if (fused && !layer.runsFused()) {
                continue;
            }
            RandomSource rng = new RandomSource(5);
            Tensor x = c.isBatchFirst() ? GradCheck.input(e, rng, -1, 1, BATCH, TIME, INPUT)
                    : GradCheck.input(e, rng, -1, 1, TIME, BATCH, INPUT);
            int states = c.layers() * c.directions();
            Tensor h0 = givenState ? GradCheck.input(e, rng, -1, 1, states, BATCH, c.stateSize()) : null;
            Tensor c0 = givenState && c.kind() == CellKind.LSTM
                    ? GradCheck.input(e, rng, -1, 1, states, BATCH, c.hiddenSize()) : null;
            List<Tensor> inputs = new ArrayList<>();
            inputs.add(x);
            if (h0 != null) {
                inputs.add(h0);
            }
            if (c0 != null) {
                inputs.add(c0);
            }
            inputs.addAll(layer.parameters());
            GradCheck.Result r = GradCheck.check(xs -> {
                // a fresh copy of the same source each evaluation: the same dropout masks every time
                layer.randomSource(new RandomSource(99));
                return RecurrentTesting.probeLoss(layer.forward(x, lengths, h0, c0));
            }, inputs);
            assertTrue(r.checked() > 0);
            paths++;
        }
        assertTrue(paths > 0);
        return paths;
    }
}
