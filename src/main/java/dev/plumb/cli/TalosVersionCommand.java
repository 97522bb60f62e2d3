package dev.plumb.cli;

import dev.plumb.talos.NodeVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code plumb talos version}: the Talos version of each node. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the Talos version of each node.")
public final class TalosVersionCommand implements Callable<Integer> {
  @Mixin TalosOptions options;

  @Override
  public Integer call() {
    return options.forEachTarget((client, t) -> {
      NodeVersion v = client.version(t);
      System.out.printf("NODE: %s%n  Tag:      %s%n  Arch:     %s%n  Platform: %s%n  Mode:     %s%n",
          t.node() != null ? t.node() : t.endpoint(), v.tag(), v.arch(), v.platform(),
          v.maintenance() ? "maintenance (no config)" : "configured");
    });
  }
}
