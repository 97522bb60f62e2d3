package dev.plumb.plan;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.MachineStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Desired x live -> plan; pure. The order is fixed: first provisioning of nodes in maintenance
 * mode (control planes, then bootstrap of etcd exactly once, then workers); then changes to running
 * nodes: control planes one per wave and only while every other etcd member is healthy, then
 * workers in batches. Upgrades come before config changes on the same node. Nothing is planned
 * while a configured node is down or not ready, so a crash in the middle of a rollout never
 * takes a second node down.
 */
public final class Planner {
  private final ConfigComparer comparer;

  public Planner(ConfigComparer comparer) {
    this.comparer = comparer;
  }

  public Plan plan(ClusterDesired desired, LiveState live) {
    return plan(desired, live, ClusterHistory.none());
  }

  /** The plan, given what plumb recorded about the cluster before. */
  public Plan plan(ClusterDesired desired, LiveState live, ClusterHistory history) {
    List<String> drift = new ArrayList<>();
    List<Action> provisionCp = new ArrayList<>();
    List<Action> provisionWorkers = new ArrayList<>();
    List<NodeConfig> running = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    for (NodeConfig n : desired.nodes()) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      switch (l.reach()) {
        case MAINTENANCE -> {
          var id = desired.policy().identities().get(n.hostname());
          String declared = id == null || id.uuid().isEmpty() ? null : id.uuid();
          if (declared != null && !declared.equals(l.hardwareUuid())) {
            unavailable.add(n.hostname() + " at " + l.address() + " is in maintenance mode but is not the declared"
                + " machine (hardware uuid " + (l.hardwareUuid().isEmpty() ? "unknown" : l.hardwareUuid())
                + ", declared " + declared + "): not provisioned");
          } else if (desired.policy().reprovision() || desired.policy().provision()) {
            (n.controlPlane() ? provisionCp : provisionWorkers).add(
                new Action(Action.Kind.PROVISION, n.hostname(), n.controlPlane(), true, ""));
            drift.add(n.hostname() + ": in maintenance mode, has no config");
          } else {
            unavailable.add(n.hostname() + " is in maintenance mode and the policy forbids re-provisioning");
          }
        }
        case UNREACHABLE -> unavailable.add(n.hostname() + " does not answer (" + l.detail() + ")");
        case FOREIGN -> unavailable.add(n.hostname() + " answers but not as a node of " + desired.name() + " (" + l.detail() + ")");
        case UP -> running.add(n);
        default -> throw new IllegalStateException("unhandled: " + l.reach());
      }
    }
    if (!provisionCp.isEmpty()) {
      return new Plan(desired.name(), List.of(new Wave("provision control planes", provisionCp)), Optional.empty(), drift);
    }
    Optional<Action> bootstrap = bootstrap(desired, live);
    if (bootstrap.isPresent()) {
      return new Plan(desired.name(), List.of(new Wave("bootstrap etcd", List.of(bootstrap.get()))), Optional.empty(),
          List.of("etcd has not been bootstrapped"));
    }
    if (!provisionWorkers.isEmpty()) {
      return new Plan(desired.name(), List.of(new Wave("provision workers", provisionWorkers)), Optional.empty(), drift);
    }
    for (NodeConfig n : running) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      if (!l.healthy()) {
        unavailable.add(n.hostname() + " is not ready (stage " + l.stage().name().toLowerCase()
            + (l.unmet().isEmpty() ? "" : ", " + String.join("; ", l.unmet())) + ")");
      }
    }
    List<Action> changes = new ArrayList<>();
    for (NodeConfig n : running) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      String wantVersion = dev.plumb.talos.TalosVersions.tagOfImage(n.installerImage());
      if (wantVersion.startsWith("v") && !dev.plumb.talos.TalosVersions.runsImage(l.version(), n.installerImage())) {
        changes.add(new Action(Action.Kind.UPGRADE, n.hostname(), n.controlPlane(), true, n.installerImage()));
        drift.add(n.hostname() + ": runs Talos " + l.version() + ", wants " + wantVersion);
      } else if (!n.sha256().equals(l.configSha())) {
        boolean reboot = comparer.needsReboot(n, l);
        changes.add(new Action(Action.Kind.APPLY_CONFIG, n.hostname(), n.controlPlane(), reboot, ""));
        drift.add(n.hostname() + ": config differs (live " + shortSha(l.configSha()) + ", desired " + shortSha(n.sha256()) + ")");
      }
    }
    if (changes.isEmpty()) {
      return new Plan(desired.name(), List.of(), unavailable.isEmpty() ? Optional.empty()
          : Optional.of(String.join("; ", unavailable)), drift);
    }
    List<Wave> waves = waves(desired, live, changes);
    if (!unavailable.isEmpty()) {
      return new Plan(desired.name(), waves, Optional.of(String.join("; ", unavailable)), drift);
    }
    Action first = waves.get(0).actions().get(0);
    if (first.controlPlane() && first.reboots()) {
      Optional<String> risk = quorumRisk(desired, live, first.node());
      if (risk.isPresent()) {
        return new Plan(desired.name(), waves, Optional.of("quorum guard: " + risk.get()), drift);
      }
    }
    return new Plan(desired.name(), waves, Optional.empty(), drift);
  }

  private static List<Wave> waves(ClusterDesired desired, LiveState live, List<Action> changes) {
    List<Wave> waves = new ArrayList<>();
    List<Action> rest = new ArrayList<>(changes);
    // an explicit order first; control planes in it still change one at a time
    for (List<String> declared : desired.policy().waves()) {
      List<Action> in = rest.stream().filter(a -> declared.contains(a.node())).toList();
      rest.removeAll(in);
      for (Action a : in) {
        if (a.controlPlane()) {
          waves.add(new Wave("control plane " + a.node(), List.of(a)));
        }
      }
      List<Action> workers = in.stream().filter(a -> !a.controlPlane()).toList();
      if (!workers.isEmpty()) {
        waves.add(new Wave("workers " + String.join(", ", workers.stream().map(Action::node).toList()), workers));
      }
    }
    for (Action a : rest) {
      if (a.controlPlane()) {
        waves.add(new Wave("control plane " + a.node(), List.of(a)));
      }
    }
    List<Action> workers = rest.stream().filter(a -> !a.controlPlane()).toList();
    int batch = Math.max(1, desired.policy().workerBatchSize());
    for (int i = 0; i < workers.size(); i += batch) {
      List<Action> b = workers.subList(i, Math.min(workers.size(), i + batch));
      waves.add(new Wave("workers " + String.join(", ", b.stream().map(Action::node).toList()), b));
    }
    return waves;
  }

  /** Bootstrap once: every control plane configured and answering, and none is an etcd member. */
  private static Optional<Action> bootstrap(ClusterDesired desired, LiveState live) {
    List<NodeConfig> cps = desired.nodes().stream().filter(NodeConfig::controlPlane).toList();
    if (cps.isEmpty()) {
      return Optional.empty();
    }
    boolean anyMember = false;
    for (NodeConfig n : cps) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      if (l.reach() != Reach.UP || l.stage() == MachineStage.REBOOTING) {
        return Optional.empty();
      }
      anyMember |= l.etcdMember();
    }
    return anyMember ? Optional.empty()
        : Optional.of(new Action(Action.Kind.BOOTSTRAP, cps.get(0).hostname(), true, false, ""));
  }

  /** Whether another control plane than {@code node} lacks a healthy etcd member. */
  public static Optional<String> quorumRisk(ClusterDesired desired, LiveState live, String node) {
    for (NodeConfig n : desired.nodes()) {
      if (n.controlPlane() && !n.hostname().equals(node)) {
        NodeLive l = live.node(n.hostname()).orElseThrow();
        if (!l.etcdHealthy()) {
          return Optional.of("etcd member " + n.hostname() + " is not healthy");
        }
      }
    }
    return Optional.empty();
  }

  private static String shortSha(String s) {
    return s.isEmpty() ? "unknown" : s.substring(0, Math.min(12, s.length()));
  }
}
