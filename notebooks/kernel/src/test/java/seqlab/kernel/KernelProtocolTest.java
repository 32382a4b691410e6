package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel as Jupyter sees it: started, executed, completed, inspected, interrupted, shut down. */
class KernelProtocolTest {

    @Test
    void kernelSpeaksTheJupyterProtocol(@TempDir Path home) throws Exception {
        runScript(home, "protocol_check.py");
    }

    /** Unsigned, wrongly signed and junk frames on every socket are logged and dropped; the kernel keeps serving. */
    @Test
    void invalidMessagesOnAnySocketDoNotStopTheKernel(@TempDir Path home) throws Exception {
        String out = runScript(home, "robustness_check.py");
        assertTrue(out.contains("dropped"), "the kernel logs what it drops:\n" + out);
    }

    private String runScript(Path home, String name) throws Exception {
        Jupyter jupyter = Jupyter.withKernel(home);
        for (String file : List.of(name, "kernel_session.py")) { // the scripts import kernel_session from their folder
            Files.copy(Objects.requireNonNull(getClass().getResourceAsStream(file)), home.resolve(file));
        }
        Path script = home.resolve(name);
        Jupyter.Result r = jupyter.run(List.of(jupyter.python, script.toString(), Jupyter.KERNEL_NAME), 300);
        System.out.println(r.out());
        assertEquals(0, r.code(), name + " failed:\n" + r.out());
        return r.out();
    }
}
