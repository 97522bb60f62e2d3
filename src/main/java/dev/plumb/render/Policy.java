package dev.plumb.render;

import java.time.Duration;
import java.util.List;

/**
 * A cluster's plumb.yaml, every field defaulted:
 * <ul>
 *   <li>{@code apps} (none): folders under apps/ whose manifests the cluster runs;
 *   <li>{@code rollout.workerBatchSize} (1): workers changed at the same time;
 *   <li>{@code rollout.gateTimeout} (10m): how long a changed node may take to pass its gates;
 *   <li>{@code rollout.waves} (none): an explicit order, a list of waves, each a list of hostnames;
 *       nodes it does not name follow in the default order, and control planes still change one
 *       at a time;
 *   <li>{@code rollout.onFailure} (halt): {@code halt}, or {@code rollback} to re-apply the previous
 *       config of the nodes of the failed wave before halting;
 *   <li>{@code reprovision} (true): configure a node found in maintenance mode at a declared address;
 *   <li>{@code identities} (none): per hostname, the hardware {@code uuid} (SMBIOS, as Talos reports
 *       it) a node must have to be provisioned: a different machine at the address gets nothing.
 * </ul>
 */
public record Policy(List<String> apps, int workerBatchSize, Duration gateTimeout, boolean reprovision,
    List<List<String>> waves, boolean rollback, java.util.Map<String, String> identities) {
  public Policy {
    apps = List.copyOf(apps);
    waves = waves.stream().map(List::copyOf).toList();
    identities = java.util.Map.copyOf(identities);
  }

  public static Policy defaults() {
    return new Policy(List.of(), 1, Duration.ofMinutes(10), true, List.of(), false, java.util.Map.of());
  }
}
