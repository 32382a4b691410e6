package seqlab.engine.pytorch;

import seqlab.conformance.RecurrentFusedConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.nn.RecurrentConfig;

class PyTorchRecurrentFusedTest extends RecurrentFusedConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }

    /**
     * LibTorch's GRU places the reset gate after the hidden product only, and it has no peephole or coupled-gate LSTM
     * (its projection is not passed through yet): those compose ops.
     */
    @Override
    protected boolean fuses(RecurrentConfig cfg) {
        return !cfg.isResetBeforeProduct() && !cfg.hasPeephole() && !cfg.isCoupledInputForget()
                && cfg.projectionSize() == 0 && cfg.updateGate() == RecurrentConfig.UpdateGate.PREVIOUS
                && cfg.recurrentDropout() == 0;
    }
}
