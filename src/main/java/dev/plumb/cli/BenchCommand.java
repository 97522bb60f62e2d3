package dev.plumb.cli;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.MemoryTree;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.render.talos.SecretsGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb bench ...}: performance figures, one {@code name: value} per line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each figure is printed as 'name: value'.",
    subcommands = {BenchCommand.Render.class, BenchReconcileCommand.class, BenchWebhookCommand.class})
public final class BenchCommand {

  /** Warm render time of one talconfig with many nodes, group patches and node patches. */
  @Command(name = "render", mixinStandardHelpOptions = true,
      description = "Render one talconfig of N nodes (3 control planes, group and node patches) and print the warm time.")
  public static final class Render implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "1000", description = "Node count (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs after warm-up; the median is printed (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
      MemoryTree tree = new MemoryTree().put("talconfig.yaml", talconfig(nodes))
          .put("patches/worker.yaml", "machine:\n  sysctls:\n    vm.max_map_count: \"262144\"\n")
          .put("talsecret.yaml", new SecretsGenerator().generate().toYaml().reveal());
      ClusterRenderer r = new ClusterRenderer(tree, new SopsDecryptor(new AgeKeys(List.of())));
      var opts = new ClusterRenderer.Options(Map.of(), Map.of(), List.of(), Optional.empty());
      for (int i = 0; i < 3; i++) {
        r.render("talconfig.yaml", opts);
      }
      long[] times = new long[runs];
      ClusterDesired last = null;
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        last = r.render("talconfig.yaml", opts);
        times[i] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(times);
      System.out.printf("render_%d_nodes_s: %.3f%n", nodes, times[runs / 2] / 1e9);
      System.out.printf("rendered_nodes: %d%n", last.nodes().size());
      return 0;
    }

    static String talconfig(int n) {
      StringBuilder sb = new StringBuilder("clusterName: bench\ntalosVersion: v1.13.9\nkubernetesVersion: v1.35.0\n"
          + "endpoint: https://10.0.0.1:6443\n"
          + "patches:\n  - |-\n    machine:\n      sysctls:\n        net.core.somaxconn: \"65535\"\n"
          + "controlPlane:\n  patches:\n    - |-\n      cluster:\n        apiServer:\n          extraArgs:\n"
          + "            audit-log-maxage: \"30\"\n"
          + "worker:\n  nodeLabels:\n    role: worker\n  patches:\n    - \"@./patches/worker.yaml\"\nnodes:\n");
      for (int i = 0; i < n; i++) {
        boolean cp = i < 3;
        sb.append("  - hostname: node-").append(i).append("\n    ipAddress: 10.").append(1 + i / 250 / 250).append('.')
            .append(i / 250 % 250).append('.').append(i % 250 + 1).append("\n    installDisk: /dev/sda\n");
        if (cp) {
          sb.append("    controlPlane: true\n");
        }
        sb.append("    patches:\n      - |-\n        machine:\n          nodeLabels:\n            rack: r")
            .append(i % 20).append('\n');
      }
      return sb.toString();
    }
  }
}
