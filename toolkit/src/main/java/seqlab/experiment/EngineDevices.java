package seqlab.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

/**
 * Engines with their default device set for a run, so every tensor a trial makes (weights, batches, masks) is made
 * there; closing puts the previous defaults back. Also {@link #place}s a single trial where it was asked to run, which
 * is how a cluster executor learns the device from the trial.
 */
final class EngineDevices implements AutoCloseable {
    private final Map<Engine, Device> before = new LinkedHashMap<>();

    private EngineDevices() {
    }

    /** Sets each named engine's default device; an engine that cannot be loaded is left to fail in its trials. */
    static EngineDevices place(Map<String, Device> devices) {
        EngineDevices d = new EngineDevices();
        devices.forEach((name, device) -> {
            Engine e = Engines.get(name);
            Device was = e.defaultDevice();
            if (!was.equals(device)) {
                e.setDefaultDevice(device);
                d.before.put(e, was);
            }
        });
        return d;
    }

    /**
     * Makes {@code engine} create tensors on a device of the trial's kind: its current default where that is of the
     * kind (the GPU a run chose), else the first such device.
     *
     * @throws IllegalArgumentException in one line naming what the engine found, when it has no device of the kind
     */
    static void placeTrial(Engine engine, TrialSpec spec) {
        if (!engine.defaultDevice().kind().equals(spec.device())) {
            engine.setDefaultDevice(engine.device(spec.device()));
        }
    }

    @Override
    public void close() {
        before.forEach(Engine::setDefaultDevice);
    }
}
