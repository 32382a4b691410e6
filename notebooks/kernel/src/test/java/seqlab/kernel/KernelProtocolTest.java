package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        Jupyter jupyter = Jupyter.withKernel(home);
        Path script = home.resolve("protocol_check.py");
        Files.copy(Objects.requireNonNull(getClass().getResourceAsStream("protocol_check.py")), script);
        Jupyter.Result r = jupyter.run(List.of(jupyter.python, script.toString(), Jupyter.KERNEL_NAME), 300);
        System.out.println(r.out());
        assertEquals(0, r.code(), "protocol checks failed:\n" + r.out());
    }
}
