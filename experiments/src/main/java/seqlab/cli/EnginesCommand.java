package seqlab.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

/** {@code ./seqlab engines}: the engines found on the class path, their versions and devices. */
@Command(name = "engines", mixinStandardHelpOptions = true,
        description = "List the available engines with version and devices, and those that cannot start here.")
final class EnginesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        String def = Engines.defaultName();
        System.out.printf("%-10s %-8s %-48s %s%n", "ENGINE", "DEFAULT", "VERSION", "DEVICES");
        for (String name : Engines.available()) {
            Engine e = Engines.get(name);
            System.out.printf("%-10s %-8s %-48s %s%n", name, name.equals(def) ? "*" : "", e.version(), e.devices());
        }
        for (Map.Entry<String, String> u : Engines.unavailable().entrySet()) {
            System.out.printf("%-10s %-8s not available: %s%n", u.getKey(), "", u.getValue());
        }
        return 0;
    }
}
