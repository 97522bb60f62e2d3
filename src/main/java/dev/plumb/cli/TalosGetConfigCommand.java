package dev.plumb.cli;

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
    boolean many = options.nodes.size() > 1;
    return options.forEachTarget((client, t) -> {
      byte[] cfg = client.machineConfig(t);
      if (many) {
        System.out.println("# node: " + t.label());
      }
      System.out.print(new String(cfg, StandardCharsets.UTF_8));
    });
  }
}
