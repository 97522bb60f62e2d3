package dev.plumb.cli;

import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.RebootMode;
import dev.plumb.talos.TalosException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plumb talos reboot}: reboot each node. */
@Command(name = "reboot", mixinStandardHelpOptions = true, description = "Reboot each node.")
public final class TalosRebootCommand implements Callable<Integer> {
  @Mixin TalosOptions options;

  @Option(names = {"-m", "--mode"}, defaultValue = "default", description = "default, powercycle or force (default: ${DEFAULT-VALUE}).")
  String mode;

  @Override
  public Integer call() {
    RebootMode m = RebootMode.valueOf(mode.toUpperCase(Locale.ROOT));
    int failed = 0;
    try (var s = options.open()) {
      for (NodeTarget t : s.targets()) {
        try {
          s.client().reboot(t, m);
          System.out.println(t.label() + ": reboot requested");
        } catch (TalosException e) {
          System.err.println("error: " + e.getMessage());
          failed++;
        }
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
