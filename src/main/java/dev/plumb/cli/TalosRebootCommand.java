package dev.plumb.cli;

import dev.plumb.talos.RebootMode;
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
    return options.forEachTarget((client, t) -> {
      client.reboot(t, m);
      System.out.println(t.label() + ": reboot requested");
    });
  }
}
