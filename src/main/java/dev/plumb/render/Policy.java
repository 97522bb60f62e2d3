package dev.plumb.render;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A cluster's plumb.yaml, every field defaulted (safe defaults: nothing that sends secrets to an
 * unknown machine or takes more than one node down happens unless the file says so):
 * <ul>
 *   <li>{@code apps} (none): folders under apps/ whose manifests the cluster runs;
 *   <li>{@code rollout.workerBatchSize} (1): workers changed at the same time;
 *   <li>{@code rollout.maxUnavailable} (1): nodes that may be unavailable at once, counting those
 *       already down; control planes still change one at a time and only with etcd quorum;
 *   <li>{@code rollout.gateTimeout} (10m): how long a changed node may take to pass its gates;
 *   <li>{@code rollout.upgradeTimeout} (30m): the same for a Talos upgrade of one node;
 *   <li>{@code rollout.settle} (15s): after a change without reboot, how long the node must stay
 *       healthy before its gates pass;
 *   <li>{@code rollout.tryTimeout} (1m): a change to {@code machine.network} of a node plumb
 *       reaches over that network is applied in TRY mode with this timeout, then confirmed; 0s
 *       turns TRY off;
 *   <li>{@code rollout.waves} (none): an explicit order, a list of waves, each a list of hostnames;
 *       nodes it does not name follow in the default order, and control planes still change one
 *       at a time;
 *   <li>{@code rollout.onFailure} (halt): {@code halt}, or {@code rollback} to re-apply the previous
 *       config of the nodes of the failed wave before halting;
 *   <li>{@code rollout.hold} (none): hostnames held back from every rollout;
 *   <li>{@code etcd.acceptOutage} (false): allow changes that take a 1- or 2-member etcd down;
 *   <li>{@code provision} (false): first bring-up: configure nodes found in maintenance mode at a
 *       declared address even without a declared identity (loud in plan and journal);
 *   <li>{@code reprovision} (false): configure a machine found in maintenance mode whose hardware
 *       identity matches the one {@code identities} declares;
 *   <li>{@code identities} (none): per hostname, the hardware {@code uuid} (SMBIOS, as Talos reports
 *       it) and/or {@code macs} a machine must show to be provisioned;
 *   <li>{@code windows} (none): maintenance windows and freezes, when changes may start (see
 *       {@link WindowsFile});
 *   <li>{@code kubernetes} (defaults): how manifests are applied, pruned and health-gated, and
 *       how nodes are drained (see {@link KubePolicy}).
 * </ul>
 */
public record Policy(List<String> apps, int workerBatchSize, Duration gateTimeout, boolean reprovision,
    List<List<String>> waves, boolean rollback, Map<String, NodeIdentity> identities, int maxUnavailable,
    Duration upgradeTimeout, Duration settle, Duration tryTimeout, List<String> hold, boolean acceptEtcdOutage,
    boolean provision, WindowsPolicy windows, KubePolicy kubernetes) {
  /** The hardware identity Git declares for a node: SMBIOS UUID and/or link MAC addresses (lower case). */
  public record NodeIdentity(String uuid, List<String> macs) {
    public NodeIdentity {
      macs = List.copyOf(macs);
    }
  }

  public Policy {
    apps = List.copyOf(apps);
    waves = waves.stream().map(List::copyOf).toList();
    identities = Map.copyOf(identities);
    hold = List.copyOf(hold);
  }

  /** Without a {@code kubernetes:} section: its defaults. */
  public Policy(List<String> apps, int workerBatchSize, Duration gateTimeout, boolean reprovision,
      List<List<String>> waves, boolean rollback, Map<String, NodeIdentity> identities, int maxUnavailable,
      Duration upgradeTimeout, Duration settle, Duration tryTimeout, List<String> hold, boolean acceptEtcdOutage,
      boolean provision, WindowsPolicy windows) {
    this(apps, workerBatchSize, gateTimeout, reprovision, waves, rollback, identities, maxUnavailable, upgradeTimeout,
        settle, tryTimeout, hold, acceptEtcdOutage, provision, windows, KubePolicy.defaults());
  }

  public static Policy defaults() {
    return new Policy(List.of(), 1, Duration.ofMinutes(10), false, List.of(), false, Map.of(), 1,
        Duration.ofMinutes(30), Duration.ofSeconds(15), Duration.ofMinutes(1), List.of(), false, false,
        WindowsPolicy.none(), KubePolicy.defaults());
  }
}
