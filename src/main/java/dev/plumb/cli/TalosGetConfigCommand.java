package dev.plumb.cli;

import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code plumb talos get-config}: the active machine config of each node (holds secrets). */
@Command(name = "get-config", mixinStandardHelpOptions = true,
    description = {"Print the active machine config of each node (COSI MachineConfigs v1alpha1).",
        "Needs os:admin. The output contains the cluster's secrets."})
public final class TalosGetConfigCommand implements Callable<Integer> {
  @Mixin TalosOptions options;

  @Override
  public Integer call() {
    int failed = 0;
    try (var s = options.open()) {
      for (NodeTarget t : s.targets()) {
        try {
          byte[] cfg = s.client().machineConfig(t);
          if (s.targets().size() > 1) {
            System.out.println("# node: " + t.label());
          }
          System.out.print(new String(cfg, StandardCharsets.UTF_8));
        } catch (TalosException e) {
          System.err.println("error: " + e.getMessage());
          failed++;
        }
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
