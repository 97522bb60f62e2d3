package dev.plumb.rollout;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.plan.Action;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.TalosVersions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gates of one wave, evaluated on fresh observations; a gate passes only on evidence that the
 * change happened (issue 8). After a reboot or upgrade: a new boot id, then the node answering with
 * the new config or version, ready. After a change without reboot: the config digest, then
 * {@code rollout.settle} of continuous health, never the first observation alone. Remembers which
 * nodes went down since the wave started, so that a node back up on its old version counts as a
 * failure, not a pending gate. Each node has its own deadline: {@code rollout.upgradeTimeout} after
 * an upgrade, {@code rollout.gateTimeout} otherwise.
 */
final class GateEvaluator {
  /** One acted-on node of the wave: the action, what it did, and when. */
  record Tracked(Action action, Acted acted, Instant at) {}

  private final ClusterDesired desired;
  private final dev.plumb.kube.KubeAccess kube;
  private final List<Tracked> tracked;
  private final boolean bootstrapped;
  private final Set<String> sawDown = new HashSet<>();
  private final Set<String> confirmed = new HashSet<>();
  private final Map<String, Integer> observations = new HashMap<>();
  private final Map<String, Instant> healthySince = new HashMap<>();

  GateEvaluator(ClusterDesired desired, List<Tracked> tracked, boolean bootstrapped) {
    this(desired, tracked, bootstrapped, dev.plumb.kube.KubeAccess.none("no Kubernetes access"));
  }

  /** With the cluster's Kubernetes access: the Kubernetes gates read objects through it ({@link KubeGates}). */
  GateEvaluator(ClusterDesired desired, List<Tracked> tracked, boolean bootstrapped, dev.plumb.kube.KubeAccess kube) {
    this.kube = kube;
    this.desired = desired;
    this.tracked = List.copyOf(tracked);
    this.bootstrapped = bootstrapped;
  }

  /** The worst result over every gate of every node at {@code now}, with the node and gate it concerns. */
  Verdict evaluate(LiveState live, Instant now) {
    Verdict pending = null;
    for (Tracked t : tracked) {
      // a cluster-wide action (manifests) has no node: its gates read the Kubernetes view only
      Verdict v = node(t, live.node(t.action().node()).orElse(null), live, now);
      if (v.result().state() == GateResult.State.FAILED) {
        return v;
      }
      if (v.result().state() == GateResult.State.PENDING && pending == null) {
        pending = v;
      }
    }
    return pending != null ? pending : new Verdict(GateResult.passed(), "", null);
  }

  /** A result with the node and gate it is about. */
  record Verdict(GateResult result, String node, Gate gate) {}

  /** Nodes whose TRY config is live and answering, not yet confirmed: confirm them now. */
  List<String> toConfirm(LiveState live) {
    List<String> out = new ArrayList<>();
    for (Tracked t : tracked) {
      String node = t.action().node();
      if (!t.acted().tried()) {
        continue; // also every cluster-wide step (manifests): no node to read
      }
      NodeLive l = live.node(node).orElseThrow();
      if (!confirmed.contains(node) && l.reach() == Reach.UP
          && config(node).sha256().equals(l.configSha())) {
        out.add(node);
      }
    }
    return out;
  }

  /** The node's TRY config was confirmed with NO_REBOOT. */
  void confirmed(String node) {
    confirmed.add(node);
  }

  /** The gates of one acted-on node, in the order they are checked. */
  List<Gate> gates(Tracked t) {
    Action a = t.action();
    boolean newBoot = t.acted().reboots() && (a.kind() == Action.Kind.APPLY_CONFIG || a.kind() == Action.Kind.UPGRADE);
    List<Gate> g = new ArrayList<>(List.of(Gate.NODE_ANSWERS));
    if (newBoot) {
      g.add(Gate.NEW_BOOT);
    }
    if (t.acted().tried()) {
      g.add(Gate.TRY_CONFIRMED);
    }
    switch (a.kind()) {
      case PROVISION, APPLY_CONFIG -> {
        g.add(Gate.CONFIG_APPLIED);
        if (!a.controlPlane() || bootstrapped) {
          g.add(Gate.MACHINE_READY);
        }
      }
      case UPGRADE -> {
        g.add(Gate.TALOS_VERSION);
        if (a.stageConfig()) {
          g.add(Gate.CONFIG_APPLIED);
        }
        g.add(Gate.MACHINE_READY);
      }
      case BOOTSTRAP -> g.add(Gate.ETCD_HEALTHY);
      case APPLY_MANIFESTS, K8S_CONTROL_PLANE, K8S_KUBELET, K8S_BOOTSTRAP_MANIFESTS -> {
        return KubeGates.gates(t);
      }
      default -> throw new IllegalStateException("unhandled: " + a.kind());
    }
    if (a.controlPlane() && bootstrapped && a.kind() != Action.Kind.BOOTSTRAP) {
      g.add(Gate.ETCD_HEALTHY);
    }
    if (g.contains(Gate.MACHINE_READY)) {
      g.add(Gate.KUBE_NODE_READY);
    }
    if (a.kind() == Action.Kind.APPLY_CONFIG && !t.acted().reboots()) {
      g.add(Gate.SETTLED);
    }
    return g;
  }

  private Verdict node(Tracked t, NodeLive l, LiveState live, Instant now) {
    String node = t.action().node();
    int seen = observations.merge(node, 1, Integer::sum);
    if (l != null && l.reach() != Reach.UP) {
      sawDown.add(node);
    }
    Verdict pending = null;
    List<Gate> gates = gates(t);
    for (Gate g : gates) {
      if (g == Gate.SETTLED) {
        continue;
      }
      GateResult r = KubeGates.handles(g) ? KubeGates.check(g, t, l, live, kube, now)
          : g == Gate.KUBE_NODE_READY ? kubeNodeReady(l, live) : check(g, t, config(node), l, now);
      if (r.state() == GateResult.State.FAILED) {
        return new Verdict(r, node, g);
      }
      if (r.state() == GateResult.State.PENDING && pending == null) {
        pending = new Verdict(r, node, g);
      }
    }
    if (pending == null) {
      healthySince.putIfAbsent(node, now);
      if (gates.contains(Gate.SETTLED)) {
        Duration settle = desired.policy().settle();
        Duration healthy = Duration.between(healthySince.get(node), now);
        if (seen < 2 || healthy.compareTo(settle) < 0) {
          pending = new Verdict(GateResult.pending("settling: healthy for " + healthy.toSeconds() + "s of "
              + settle.toSeconds() + "s" + (seen < 2 ? " (the first observation after the apply is not enough)" : "")),
              node, Gate.SETTLED);
        }
      }
    } else {
      healthySince.remove(node);
    }
    if (pending == null) {
      return new Verdict(GateResult.passed(), node, null);
    }
    Duration timeout = switch (t.action().kind()) {
      case UPGRADE -> desired.policy().upgradeTimeout();
      case APPLY_MANIFESTS, K8S_BOOTSTRAP_MANIFESTS -> desired.policy().kubernetes().healthTimeout();
      default -> desired.policy().gateTimeout();
    };
    if (now.isAfter(t.at().plus(timeout))) {
      return new Verdict(GateResult.failed("timed out after " + timeout.toSeconds() + "s: " + pending.result().why()),
          node, pending.gate());
    }
    return pending;
  }

  private GateResult check(Gate g, Tracked t, NodeConfig n, NodeLive l, Instant now) {
    return switch (g) {
      case NODE_ANSWERS -> l.reach() == Reach.UP ? GateResult.passed()
          : GateResult.pending(l.reach() == Reach.MAINTENANCE ? "still in maintenance mode" : "not answering yet");
      case NEW_BOOT -> newBoot(t.acted().bootBefore(), l.bootId());
      case TRY_CONFIRMED -> tryConfirmed(t, now);
      case CONFIG_APPLIED -> t.action().kind() == Action.Kind.K8S_CONTROL_PLANE
          ? KubeUpgradeGates.intermediateApplied(n, l) : n.sha256().equals(l.configSha()) ? GateResult.passed()
          : GateResult.pending("active config is not the desired one yet");
      case TALOS_VERSION -> {
        String want = TalosVersions.tagOfImage(n.installerImage());
        if (TalosVersions.runsImage(l.version(), n.installerImage())) {
          yield GateResult.passed();
        }
        boolean rebooted = sawDown.contains(l.hostname()) || newBoot(t.acted().bootBefore(), l.bootId()).state()
            == GateResult.State.PASSED && !t.acted().bootBefore().isEmpty();
        yield rebooted && l.healthy()
            ? GateResult.failed("came back on Talos " + l.version() + ", expected " + want)
            : GateResult.pending("runs " + l.version() + ", waiting for " + want);
      }
      case MACHINE_READY -> l.healthy() ? GateResult.passed()
          : GateResult.pending("stage " + l.stage().name().toLowerCase() + (l.ready() ? "" : ", not ready")
              + (l.unmet().isEmpty() ? "" : " (" + String.join("; ", l.unmet()) + ")"));
      case ETCD_HEALTHY -> l.etcdHealthy() ? GateResult.passed() : GateResult.pending("etcd member not healthy yet");
      case KUBE_NODE_READY -> kubeNodeReady(l, null);
      case PREFLIGHT, SETTLED, DRAINED -> throw new IllegalStateException("not a per-observation gate: " + g);
      case MANIFESTS_HEALTHY, STATIC_PODS, KUBELET_VERSION -> throw new IllegalStateException("see KubeGates: " + g);
    };
  }

  /**
   * The node's Kubernetes Node Ready, as the observer read it ({@link NodeLive#kubeNode}: from the
   * Kubernetes API when it answers, else Talos's NodeStatus); the message says which source and why.
   */
  static GateResult kubeNodeReady(NodeLive l, LiveState live) {
    if (l.kubeNode() == NodeLive.KubeNode.READY) {
      return GateResult.passed();
    }
    if (live != null && live.kube().reachable()) {
      String name = live.kube().nodeNames().getOrDefault(l.hostname(), l.hostname());
      return GateResult.pending(live.kube().node(l.hostname())
          .map(r -> "Kubernetes Node " + name + (l.kubeNode() == NodeLive.KubeNode.NOT_READY ? " is not Ready: "
              : " readiness unknown: ") + r.reason())
          .orElse("Kubernetes Node " + name + " is not registered with the API server yet"));
    }
    String api = live == null ? "" : " (Kubernetes API: " + live.kube().detail() + ")";
    return GateResult.pending(l.kubeNode() == NodeLive.KubeNode.NOT_READY
        ? "Kubernetes Node " + l.hostname() + " is not Ready, as Talos's NodeStatus reports it" + api
        : "Kubernetes Node " + l.hostname() + " unknown: not registered or not readable yet" + api);
  }

  /** talosctl's BootIDChangedPostCheckFn: the boot id must differ from the one read before the action. */
  private static GateResult newBoot(String before, String now) {
    if (before.isEmpty()) {
      return GateResult.passed(); // not readable before the action: skipped, as talosctl does
    }
    if (now.isEmpty()) {
      return GateResult.pending("boot id not read yet");
    }
    return before.equals(now) ? GateResult.pending("no new boot yet (boot id unchanged)") : GateResult.passed();
  }

  private GateResult tryConfirmed(Tracked t, Instant now) {
    if (confirmed.contains(t.action().node())) {
      return GateResult.passed();
    }
    Duration timeout = desired.policy().tryTimeout();
    if (!now.isBefore(t.at().plus(timeout))) {
      return GateResult.failed("did not answer with the new network config within the TRY timeout of "
          + timeout.toSeconds() + "s; Talos reverts it to the previous config by itself");
    }
    return GateResult.pending("waiting for the node to answer with the tried network config (reverts after "
        + timeout.toSeconds() + "s)");
  }

  private NodeConfig config(String node) {
    return desired.nodes().stream().filter(x -> x.hostname().equals(node)).findFirst().orElseThrow();
  }
}
