package seqlab.engine;

/**
 * Where a tensor lives: the CPU or an accelerator with an index.
 *
 * @param kind  {@code "cpu"} or {@code "gpu"}
 * @param index accelerator ordinal; 0 for the CPU
 */
public record Device(String kind, int index) {
    public static Device cpu() {
        return new Device("cpu", 0);
    }

    public static Device gpu(int index) {
        return new Device("gpu", index);
    }

    public boolean isGpu() {
        return "gpu".equals(kind);
    }

    @Override
    public String toString() {
        return isGpu() ? "gpu(" + index + ")" : "cpu";
    }
}
