package seqlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorScope;
import seqlab.engine.pytorch.LibTorchBuild;
import seqlab.engine.pytorch.PyTorchEngine;
import seqlab.engine.reference.ReferenceEngine;
import seqlab.engine.RandomSource;
import seqlab.experiment.Provenance;
import seqlab.nn.Linear;
import seqlab.nn.Lstm;
import seqlab.train.Losses;
import seqlab.train.Optimizer;
import seqlab.train.Optimizers;

/**
 * {@code ./seqlab doctor}: what this machine gives seqlab (engines, devices, LibTorch and CUDA, threads) and a short
 * training run on every engine and device, so a broken install shows itself before an experiment does.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this installation: engines, devices, the LibTorch and CUDA versions loaded, threads, and a "
                + "short training run on every engine and device (the loss must fall, and every engine must agree with "
                + "the reference engine).",
            "--cuda-build builds the CUDA LibTorch (mvn -Pcuda; 2.3 GB the first time), runs the pytorch engine's "
                + "suites with it and this check on it, and prints one line with the result."})
final class DoctorCommand implements Callable<Integer> {
    /** Relative agreement demanded of every engine's final smoke loss with the reference engine's, on a CPU. */
    static final double PARITY_CPU = 1e-3;
    /**
     * The same on a GPU, looser: cuDNN may run the recurrent layer in TF32 (PyTorch's {@code cudnn.allow_tf32} is on
     * by default), which keeps 10 of float32's 23 mantissa bits in products.
     */
    static final double PARITY_GPU = 2e-2;

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "40", paramLabel = "N",
            description = "Adam steps of the smoke training run on each engine and device, 20 or more; the loss must "
                    + "halve (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--cuda-build",
            description = "Build and check the CUDA LibTorch build (the -Pcuda Maven profile) from the source folder.")
    boolean cudaBuild;

    @Override
    public Integer call() {
        if (steps < 20 || steps > 10_000) {
            throw new ParameterException(spec.commandLine(), "--steps must be between 20 and 10000, got " + steps);
        }
        if (cudaBuild) {
            return new CudaBuildCheck(spec.commandLine(), steps).run();
        }
        var out = System.out;
        out.println(new Main.Version().getVersion()[0] + " (commit " + Provenance.gitCommit() + ")");
        out.printf(Locale.ROOT, "  java      %s in %s, max heap %,d MB%n", System.getProperty("java.vendor"),
                System.getProperty("java.home"), Runtime.getRuntime().maxMemory() >> 20);
        int cores = Runtime.getRuntime().availableProcessors();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out.printf(Locale.ROOT, "  machine   %s %s %s, %d cores, load average %.1f%n", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), cores, load);
        out.println("  threads   " + threadsLine());
        if (load > cores && System.getenv("OMP_WAIT_POLICY") == null && Engines.configuredThreads() > 1) {
            // measured on a 2-core machine at load 16: the smoke run below took 29 s on pytorch, 1.0 s with passive
            out.println("  hint      the machine is busy: LibTorch's OpenMP workers spin while they wait for a core, which "
                    + "makes small ops slow; start Java with OMP_WAIT_POLICY=passive in its environment, as ./seqlab does "
                    + "(or use -Dseqlab.threads=1)");
        }

        List<String> names = Engines.available();
        String def = names.isEmpty() ? "" : Engines.defaultName();
        out.println("engines (* = default)");
        for (String name : names) {
            Engine e = Engines.get(name);
            out.printf(Locale.ROOT, "  %-11s %-48s devices %s%n", name + (name.equals(def) ? "*" : ""), e.version(),
                    e.devices());
        }
        for (Map.Entry<String, String> u : Engines.unavailable().entrySet()) {
            out.printf(Locale.ROOT, "  %-11s not available: %s%n", u.getKey(), u.getValue());
        }
        if (names.contains(PyTorchEngine.NAME)) {
            LibTorchBuild lib = PyTorchEngine.libTorch();
            out.println("libtorch: " + lib.describe() + "; " + lib.deviceSummary());
            out.println("  from      " + lib.source());
            out.println("  folder    " + lib.directory());
            out.println("  features  " + String.join(", ", lib.features()));
        }
        if (names.isEmpty()) {
            out.println("doctor: FAILED, no engine can start here (see above)");
            return 1;
        }

        out.printf(Locale.ROOT, "smoke train: LSTM(4, 16) and a linear layer, 32 sequences of length 12, %d Adam steps"
                + " (lr 0.01) on one batch%n", steps);
        int runs = 0;
        List<String> problems = new ArrayList<>();
        double[] referenceLosses = null;
        for (String name : names) {
            Engine e = Engines.get(name);
            for (Device d : e.devices()) {
                runs++;
                long t0 = System.nanoTime();
                double[] loss;
                try {
                    loss = onDevice(e, d, () -> smokeTrain(e, steps));
                } catch (RuntimeException ex) {
                    String why = ex.getMessage() == null ? ex.toString() : ex.getMessage().lines().findFirst().orElse("");
                    out.printf(Locale.ROOT, "  %-10s %-7s FAILED: %s%n", name, d, why);
                    problems.add(name + " on " + d + " failed");
                    continue;
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                boolean falls = loss[loss.length - 1] < 0.5 * loss[0];
                String parity = "";
                if (name.equals(ReferenceEngine.NAME) && d.equals(Device.cpu())) {
                    referenceLosses = loss;
                } else if (referenceLosses != null) {
                    double ref = referenceLosses[referenceLosses.length - 1];
                    double rel = Math.abs(loss[loss.length - 1] - ref) / Math.max(1e-12, Math.abs(ref));
                    boolean agrees = rel <= (d.isGpu() ? PARITY_GPU : PARITY_CPU);
                    parity = String.format(Locale.ROOT, ", %s the reference engine (relative difference %.1e)",
                            agrees ? "agrees with" : "DISAGREES with", rel);
                    if (!agrees) {
                        problems.add(name + " on " + d + " disagrees with the reference engine");
                    }
                }
                if (!falls) {
                    problems.add(name + " on " + d + ": the loss did not halve");
                }
                out.printf(Locale.ROOT, "  %-10s %-7s loss %.4f -> %.4f  %s  %.1f s%s%n", name, d, loss[0],
                        loss[loss.length - 1], falls ? "falls" : "DOES NOT FALL", secs, parity);
            }
        }
        if (!problems.isEmpty()) {
            out.println("doctor: FAILED, " + String.join("; ", problems));
            return 1;
        }
        out.printf(Locale.ROOT, "doctor: ok (%d engine%s, %d training run%s)%n", names.size(), names.size() == 1 ? "" : "s",
                runs, runs == 1 ? "" : "s");
        return 0;
    }

    /** Threads per op, where that number comes from, and the OpenMP settings LibTorch obeys when they are set. */
    static String threadsLine() {
        String prop = System.getProperty(Engines.THREADS_PROPERTY);
        StringBuilder sb = new StringBuilder().append(Engines.configuredThreads()).append(" per op (")
                .append(prop == null ? Engines.THREADS_PROPERTY + " not set: every core" : Engines.THREADS_PROPERTY + "=" + prop)
                .append(")");
        for (String v : new String[] {"OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "MKL_NUM_THREADS"}) {
            String val = System.getenv(v);
            sb.append("; ").append(v).append(val == null ? " not set" : "=" + val);
        }
        return sb.toString();
    }

    /** Runs {@code work} with new tensors going to {@code device}, then puts the engine's default back. */
    private static double[] onDevice(Engine e, Device device, java.util.function.Supplier<double[]> work) {
        if (device.equals(e.defaultDevice())) {
            return work.get();
        }
        // the SPI has no settable default device yet; the pytorch engine is the one with GPUs
        if (!(e instanceof PyTorchEngine p)) {
            throw new IllegalStateException(e.name() + " lists " + device + " but seqlab cannot place tensors there");
        }
        Device before = p.defaultDevice();
        p.setDefaultDevice(device);
        try {
            return work.get();
        } finally {
            p.setDefaultDevice(before);
        }
    }

    /**
     * A fixed task every engine must learn in a few steps: is the sum of the first input feature over 12 steps
     * positive? Same seed, same data, same initial weights on every engine, so their losses must agree.
     */
    static double[] smokeTrain(Engine e, int steps) {
        int time = 12, batch = 32, features = 4, hidden = 16;
        var rng = new RandomSource(7);
        var lstm = new Lstm(e, features, hidden, rng);
        var head = new Linear(e, hidden, 2, rng);
        var params = new java.util.LinkedHashMap<String, Tensor>();
        lstm.namedParameters().forEach((k, v) -> params.put("lstm." + k, v));
        head.namedParameters().forEach((k, v) -> params.put("head." + k, v));
        Optimizer opt = Optimizers.adam(0.01).create(params);
        float[] x = rng.normal(time * batch * features, 0.0, 1.0);
        long[] y = new long[batch];
        for (int b = 0; b < batch; b++) {
            double sum = 0;
            for (int t = 0; t < time; t++) {
                sum += x[(t * batch + b) * features];
            }
            y[b] = sum > 0 ? 1 : 0;
        }
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            try (TensorScope scope = e.scope()) {
                Tensor input = e.of(x, Shape.of(time, batch, features));
                Tensor last = lstm.forward(input).hN().reshape(batch, hidden);
                Tensor loss = Losses.crossEntropy(head.forward(last), e.ofIndices(y, Shape.of(batch)));
                opt.zeroGrad();
                loss.backward();
                opt.step();
                losses[s] = loss.item();
            }
        }
        return losses;
    }
}
