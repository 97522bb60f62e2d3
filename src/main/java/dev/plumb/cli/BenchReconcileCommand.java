package dev.plumb.cli;

import dev.plumb.daemon.ClusterSession;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.MemoryTree;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.render.talos.SecretsGenerator;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SystemSimClock;
import dev.plumb.talos.GrpcTalosClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plumb bench reconcile}: against the simulator on loopback, the no-op reconcile time of
 * 10 clusters of 100 nodes, the wall time of a 12-node rolling change next to its lower bound, and
 * the heap after GC with 1,000 nodes under management (the simulator runs in the same JVM and is
 * counted too).
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Reconcile benchmarks against the simulator.")
public final class BenchReconcileCommand implements Callable<Integer> {
  @Option(names = "--clusters", defaultValue = "10") int clusters;
  @Option(names = "--nodes-per-cluster", defaultValue = "100") int perCluster;
  @Option(names = "--rollout-only", description = "Only the 12-node rollout figure.") boolean rolloutOnly;

  @Override
  public Integer call() throws Exception {
    GrpcTalosClient.Timeouts timeouts = new GrpcTalosClient.Timeouts(Duration.ofSeconds(20), Duration.ofMinutes(2));
    RolloutListener quiet = new RolloutListener() {};
    try (SystemSimClock clock = new SystemSimClock()) {
      // 1. no-op reconcile of clusters x perCluster nodes
      int total = rolloutOnly ? 0 : clusters * perCluster;
      List<ClusterDesired> desired = new ArrayList<>();
      if (!rolloutOnly) try (SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(total, 0)
          .timing(new SimTiming(Duration.ofMillis(200), Duration.ofMillis(5))), clock)) {
        for (int c = 0; c < clusters; c++) {
          desired.add(render("bench" + c, c * perCluster, perCluster, 3, perCluster, "v1.13.9", fleet));
        }
        List<ClusterSession> sessions = new ArrayList<>();
        for (ClusterDesired d : desired) {
          ClusterSession s = new ClusterSession(d, fleet.port(), quiet, Duration.ofMillis(100), timeouts);
          sessions.add(s);
          RolloutOutcome o = s.converge(d, Duration.ofMinutes(5), () -> false);
          if (o.kind() != RolloutOutcome.Kind.CONVERGED) {
            System.err.println("setup did not converge: " + o);
            return 1;
          }
        }
        Planner planner = new Planner(new RebootPredictor());
        noop(desired, sessions, planner);
        long t0 = System.nanoTime();
        boolean inSync = noop(desired, sessions, planner);
        double noop = (System.nanoTime() - t0) / 1e9;
        System.gc();
        Thread.sleep(200);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("noop_reconcile_%d_nodes_s: %.3f%n", total, noop);
        System.out.printf("noop_in_sync: %s%n", inSync);
        System.out.printf("heap_after_gc_%d_nodes_mb: %.1f%n", total, heap / 1048576.0);
        sessions.forEach(ClusterSession::close);
      }
      // 2. a 12-node rolling change: 3 control planes one at a time, 9 workers in batches of 3
      Duration reboot = Duration.ofSeconds(2);
      try (SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(12, 0)
          .timing(new SimTiming(reboot, Duration.ofMillis(1))), clock)) {
        ClusterDesired v1 = render("rollout", 0, 12, 3, 3, "v1.13.9", fleet);
        try (ClusterSession s = new ClusterSession(v1, fleet.port(), Boolean.getBoolean("plumb.bench.verbose") ? new dev.plumb.daemon.ConsoleProgress(System.out, "rollout") : quiet, Duration.ofMillis(50), timeouts)) {
          s.converge(v1, Duration.ofMinutes(5), () -> false);
          ClusterDesired v2 = render("rollout", 0, 12, 3, 3, "v1.13.9", fleet, "  - path: /var/etc/x\n"
              + "    content: x\n    permissions: 420\n    op: create\n");
          long t0 = System.nanoTime();
          RolloutOutcome o = s.converge(v2, Duration.ofMinutes(5), () -> false);
          double wall = (System.nanoTime() - t0) / 1e9;
          System.out.printf("rollout_12_nodes_s: %.2f%n", wall);
          System.out.printf("rollout_lower_bound_s: %.2f%n", 6 * reboot.toMillis() / 1000.0);
          System.out.printf("rollout_outcome: %s%n", o.kind().name().toLowerCase());
        }
      }
    }
    return 0;
  }

  /** One no-op reconcile of every cluster, the clusters side by side as the daemon runs them. */
  private static boolean noop(List<ClusterDesired> desired, List<ClusterSession> sessions, Planner planner) {
    return java.util.stream.IntStream.range(0, desired.size()).parallel()
        .allMatch(i -> planner.plan(desired.get(i), sessions.get(i).observer().observe(desired.get(i))).inSync());
  }

  static ClusterDesired render(String name, int first, int count, int cps, int batch, String version,
      SimulatedFleet fleet, String... files) {
    StringBuilder sb = new StringBuilder("clusterName: " + name + "\ntalosVersion: " + version
        + "\nkubernetesVersion: v1.35.0\nendpoint: https://" + fleet.nodes().get(first).address() + ":6443\n"
        + "controlPlane:\n  talosImageURL: ghcr.io/siderolabs/installer\nworker:\n  talosImageURL: ghcr.io/siderolabs/installer\n");
    if (files.length > 0) {
      sb.append("patches:\n  - |-\n    machine:\n      files:\n");
      for (String f : files) {
        sb.append(f.indent(4));
      }
    }
    sb.append("nodes:\n");
    for (int i = 0; i < count; i++) {
      sb.append("  - hostname: n").append(first + i).append("\n    ipAddress: ").append(fleet.nodes().get(first + i).address())
          .append("\n    installDisk: /dev/sda\n").append(i < cps ? "    controlPlane: true\n" : "");
    }
    MemoryTree tree = new MemoryTree().put("talconfig.yaml", sb.toString())
        .put("plumb.yaml", "provision: true\nrollout:\n  workerBatchSize: " + batch + "\n  maxUnavailable: " + batch
            + "\n  gateTimeout: 2m\n")
        .put("talsecret.yaml", SECRETS.computeIfAbsent(name, k -> new SecretsGenerator().generate().toYaml().reveal()));
    return new ClusterRenderer(tree, new SopsDecryptor(new AgeKeys(List.of())))
        .render("talconfig.yaml", new ClusterRenderer.Options(Map.of(), Map.of(), List.of(), Optional.empty()));
  }

  private static final Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();
}
