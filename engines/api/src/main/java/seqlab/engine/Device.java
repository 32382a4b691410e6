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

    /**
     * A device by its command-line name: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}; {@code auto} is an
     * engine's choice, see {@link Engine#device(String)}.
     */
    public static Device parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("cpu")) {
            return cpu();
        }
        if (n.equals("gpu")) {
            return gpu(0);
        }
        if (n.startsWith("gpu:") && n.length() > 4 && n.substring(4).chars().allMatch(Character::isDigit)
                && n.length() <= 13) {
            return gpu(Integer.parseInt(n.substring(4)));
        }
        throw new IllegalArgumentException("unknown device '" + name + "': use cpu, gpu, gpu:N (N = 0, 1, ...) or auto");
    }

    /** The command-line name, {@code cpu} or {@code gpu:N}, that {@link #parse} reads back. */
    public String id() {
        return isGpu() ? "gpu:" + index : "cpu";
    }

    public boolean isGpu() {
        return "gpu".equals(kind);
    }

    @Override
    public String toString() {
        return isGpu() ? "gpu(" + index + ")" : "cpu";
    }
}
