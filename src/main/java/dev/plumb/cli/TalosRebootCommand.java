package dev.plumb.cli;

import dev.plumb.talos.RebootMode;
import java.io.Console;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code plumb talos reboot}: reboot each node. Without {@code --nodes}, talosctl reboots every
 * node of the context; plumb asks first on a terminal and otherwise needs {@code --all}, so that a
 * forgotten flag in a script does not reboot a fleet (issue 11).
 */
@Command(name = "reboot", mixinStandardHelpOptions = true,
    description = {"Reboot each node of --nodes. Without --nodes: every node of the talosconfig context, after",
        "a confirmation on a terminal, or with --all."})
public final class TalosRebootCommand implements Callable<Integer> {
  @Mixin TalosOptions options;

  @Option(names = {"-m", "--mode"}, defaultValue = "default", description = "default, powercycle or force (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--all", description = "Without --nodes: reboot every node of the context, without asking.")
  boolean all;

  @Override
  public Integer call() {
    RebootMode m = RebootMode.valueOf(mode.toUpperCase(Locale.ROOT));
    if (options.nodes.isEmpty() && !all && !confirmed()) {
      System.err.println("no --nodes given: that would reboot every node of the talosconfig context;"
          + " name the nodes with --nodes, or pass --all");
      return 2;
    }
    return options.forEachTarget((client, t) -> {
      client.reboot(t, m);
      System.out.println(t.label() + ": reboot requested");
    });
  }

  private static boolean confirmed() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    String answer = c.readLine("no --nodes given: reboot EVERY node of the talosconfig context? type 'yes': ");
    return answer != null && answer.strip().equals("yes");
  }
}
