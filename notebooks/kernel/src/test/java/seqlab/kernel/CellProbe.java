package seqlab.kernel;

/** A public static a cell can write and a test can read: proves cells share the kernel's classes. */
public final class CellProbe {
    public static volatile String fromCell;

    private CellProbe() {
    }
}
