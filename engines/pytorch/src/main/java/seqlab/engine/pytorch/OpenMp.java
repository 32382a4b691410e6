package seqlab.engine.pytorch;

import java.util.Locale;
import java.util.Map;

/**
 * How LibTorch's OpenMP workers wait for work, and where seqlab sets it.
 *
 * <p>LibTorch's CPU build runs its intra-op threads on the GNU OpenMP runtime it bundles ({@code libgomp}, also
 * MKL's threading layer there). Between parallel regions an idle worker spin-waits before it sleeps: libgomp's
 * default is 300,000 rounds (about 3 ms), {@code OMP_WAIT_POLICY=ACTIVE} minutes, {@code PASSIVE} none
 * ({@code GOMP_SPINCOUNT}, when set, overrides the count). On a machine with free cores spinning saves the wake-up; on a busy
 * one the spinning workers take the cores the working threads need: measured on a 2-core machine with two busy
 * neighbour processes, the bench's 1-layer LSTM forward took 480 ms instead of 6.5 ms (issue 21), and 6.5 ms with
 * {@code PASSIVE}. Trials that run side by side make such a machine themselves. So seqlab starts every JVM that may
 * load LibTorch with {@code OMP_WAIT_POLICY=PASSIVE} unless the user chose a policy: the {@code ./seqlab} launcher,
 * the Jupyter kernel's kernelspec ({@code env}), the tests (Surefire's environment) and Spark executors
 * ({@code spark.executorEnv.OMP_WAIT_POLICY}).
 *
 * <p>libgomp reads the variable once, when the library loads, and only from the process environment: a Java system
 * property, or a {@code setenv} after LibTorch loaded, changes nothing. That is why it is set by whatever starts the
 * JVM, and why a JVM started some other way (your own {@code java} command, an IDE) gets the spinning default unless
 * you export the variable; the engine then says so once in the log when it uses more than one thread.
 *
 * <p>To choose the other policy, set it yourself: {@code OMP_WAIT_POLICY=active ./seqlab bench}. Any value other
 * than {@code active} or {@code passive} (in any case) is an error, since libgomp would ignore it and spin.
 */
public final class OpenMp {
    /** The environment variable libgomp reads when it loads. */
    public static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    /** libgomp's own variable for how many rounds an idle worker spins; when set it overrides the policy's count. */
    public static final String SPIN_COUNT = "GOMP_SPINCOUNT";
    /** The policy seqlab starts JVMs with when the user has not chosen one. */
    public static final String DEFAULT_WAIT_POLICY = "PASSIVE";

    private OpenMp() {
    }

    /**
     * The policy for a JVM that this one starts (a Jupyter kernel, a Spark executor): the user's
     * {@value #WAIT_POLICY} from {@code env} when set, else {@value #DEFAULT_WAIT_POLICY}.
     *
     * @throws IllegalArgumentException if the user's value is not a wait policy, with the fix
     */
    public static String waitPolicyToStart(Map<String, String> env) {
        String v = env.get(WAIT_POLICY);
        return v == null ? DEFAULT_WAIT_POLICY : checkWaitPolicy(v);
    }

    /** {@link #waitPolicyToStart(Map)} from this process's environment. */
    public static String waitPolicyToStart() {
        return waitPolicyToStart(System.getenv());
    }

    /**
     * {@code value} normalised to upper case when it is {@code active} or {@code passive} in any case (surrounding
     * blanks allowed, as libgomp allows them).
     *
     * @throws IllegalArgumentException otherwise, naming the variable and the fix
     */
    public static String checkWaitPolicy(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (!v.equals("ACTIVE") && !v.equals("PASSIVE")) {
            throw new IllegalArgumentException(WAIT_POLICY + "='" + value + "' is not a wait policy: set it to passive "
                    + "(idle OpenMP workers sleep; seqlab's default) or active (they spin), or unset it");
        }
        return v;
    }

    /**
     * What this JVM's LibTorch does, in words: the policy it loaded with, whether that came from the environment or is
     * libgomp's default, and {@code GOMP_SPINCOUNT} when set.
     */
    public static String describe() {
        String v = System.getenv(WAIT_POLICY);
        String spin = System.getenv(SPIN_COUNT);
        String policy = v == null ? WAIT_POLICY + " not set: idle OpenMP workers spin about 3 ms before they sleep"
                : WAIT_POLICY + "=" + v + (checkWaitPolicy(v).equals("PASSIVE") ? ": idle OpenMP workers sleep at once"
                        : ": idle OpenMP workers spin for minutes");
        return spin == null ? policy : policy + " (" + SPIN_COUNT + "=" + spin + " sets how long they spin)";
    }

    /** Whether this JVM's LibTorch loaded with workers that spin while they wait (the policy is unset or active). */
    public static boolean spins() {
        String v = System.getenv(WAIT_POLICY);
        return v == null || checkWaitPolicy(v).equals("ACTIVE");
    }
}
