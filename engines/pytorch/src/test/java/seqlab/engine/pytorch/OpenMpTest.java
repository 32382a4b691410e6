package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engines;

/** The OpenMP wait policy: which values count, what JVMs seqlab starts get, and that LibTorch's libgomp obeys it. */
class OpenMpTest {

    @Test
    void onlyActiveOrPassiveInAnyCase() {
        assertEquals("PASSIVE", OpenMp.checkWaitPolicy("passive"));
        assertEquals("ACTIVE", OpenMp.checkWaitPolicy(" Active "));
        for (String bad : List.of("", "sometimes", "0")) {
            var e = assertThrows(IllegalArgumentException.class, () -> OpenMp.checkWaitPolicy(bad));
            assertEquals("OMP_WAIT_POLICY='" + bad + "' is not a wait policy: set it to passive (idle OpenMP workers "
                    + "sleep; seqlab's default) or active (they spin), or unset it", e.getMessage());
        }
        assertEquals("PASSIVE", OpenMp.waitPolicyToStart(Map.of()));
        assertEquals("ACTIVE", OpenMp.waitPolicyToStart(Map.of("OMP_WAIT_POLICY", "active")));
        assertThrows(IllegalArgumentException.class, () -> OpenMp.waitPolicyToStart(Map.of("OMP_WAIT_POLICY", "x")));
    }

    @Test
    void theBuildStartsTestJvmsWithAPolicy() {
        assertNotNull(System.getenv(OpenMp.WAIT_POLICY), "the root POM's Surefire configuration sets OMP_WAIT_POLICY");
        assertTrue(OpenMp.describe().startsWith("OMP_WAIT_POLICY=" + System.getenv(OpenMp.WAIT_POLICY)),
                OpenMp.describe());
    }

    /** A JVM that loads LibTorch; libgomp prints the settings it read (OMP_DISPLAY_ENV) when it loads. */
    public static void main(String[] args) {
        System.out.println(Engines.get("pytorch").version());
    }

    @Test
    void libgompBundledWithLibTorchReadsThePolicyFromTheEnvironmentWhenItLoads() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", OpenMpTest.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("OMP_WAIT_POLICY", "passive");
        pb.environment().put("OMP_DISPLAY_ENV", "verbose");
        pb.environment().remove(OpenMp.SPIN_COUNT);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        // passive: idle workers spin 0 rounds (libgomp's default without a policy is 300000)
        assertTrue(out.contains("OMP_WAIT_POLICY = 'PASSIVE'") && out.contains("GOMP_SPINCOUNT = '0'"), out);
        assertTrue(out.contains("LibTorch "), out);
    }
}
