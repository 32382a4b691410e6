package seqlab.cli;

import java.util.List;
import picocli.CommandLine.Option;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

/** {@code --device}: where {@code compare}, {@code experiment} and {@code bench} run their engines. */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "cpu|gpu[:N]|auto", defaultValue = "auto",
            description = "Where the engines compute: cpu, gpu (the first GPU), gpu:N, or auto (an engine's first GPU "
                    + "where it sees one, else the CPU; default: ${DEFAULT-VALUE}). The reference engine has the CPU "
                    + "only; a GPU needs the CUDA build of the pytorch engine (SEQLAB_BUILD=cuda ./seqlab doctor).")
    String device = "auto";

    /**
     * Makes each engine create its tensors on the device asked for, before anything trains (trial identities record
     * the device's kind).
     *
     * @throws IllegalArgumentException in one line naming the option and what the engine found, when an engine does
     *                                  not have the device
     */
    void apply(List<String> engines) {
        for (String name : engines) {
            Engine e = Engines.get(name);
            Device d;
            try {
                d = e.device(device);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("--device " + device + ": " + ex.getMessage(), ex);
            }
            e.setDefaultDevice(d);
        }
    }
}
