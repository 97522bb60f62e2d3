package dev.plumb.cli;

import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.NodeVersion;
import dev.plumb.talos.TalosException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code plumb talos version}: the Talos version of each node. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the Talos version of each node.")
public final class TalosVersionCommand implements Callable<Integer> {
  @Mixin TalosOptions options;

  @Override
  public Integer call() {
    int failed = 0;
    try (var s = options.open()) {
      for (NodeTarget t : s.targets()) {
        try {
          NodeVersion v = s.client().version(t);
          System.out.printf("NODE: %s%n  Tag:      %s%n  Arch:     %s%n  Platform: %s%n  Mode:     %s%n",
              t.node() != null ? t.node() : t.endpoint(), v.tag(), v.arch(), v.platform(),
              v.maintenance() ? "maintenance (no config)" : "configured");
        } catch (TalosException e) {
          System.err.println("error: " + e.getMessage());
          failed++;
        }
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
