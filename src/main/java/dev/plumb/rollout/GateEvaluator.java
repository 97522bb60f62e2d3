package dev.plumb.rollout;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.plan.Action;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.TalosVersions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The gates of one wave, evaluated on fresh observations. Remembers which nodes went down since
 * the wave started, so that a node back up on its old version counts as a failure, not a pending
 * gate.
 */
final class GateEvaluator {
  private final ClusterDesired desired;
  private final List<Action> actions;
  private final boolean bootstrapped;
  private final Set<String> sawDown = new HashSet<>();

  GateEvaluator(ClusterDesired desired, List<Action> actions, boolean bootstrapped) {
    this.desired = desired;
    this.actions = List.copyOf(actions);
    this.bootstrapped = bootstrapped;
  }

  /** The worst result over every gate of every action, with the node and gate it concerns. */
  Verdict evaluate(LiveState live) {
    Verdict pending = null;
    for (Action a : actions) {
      NodeConfig n = desired.nodes().stream().filter(x -> x.hostname().equals(a.node())).findFirst().orElseThrow();
      NodeLive l = live.node(a.node()).orElseThrow();
      if (l.reach() != Reach.UP) {
        sawDown.add(a.node());
      }
      for (Gate g : gates(a)) {
        GateResult r = check(g, a, n, l);
        if (r.state() == GateResult.State.FAILED) {
          return new Verdict(r, a.node(), g);
        }
        if (r.state() == GateResult.State.PENDING && pending == null) {
          pending = new Verdict(r, a.node(), g);
        }
      }
    }
    return pending != null ? pending : new Verdict(GateResult.passed(), "", null);
  }

  /** A result with the node and gate it is about. */
  record Verdict(GateResult result, String node, Gate gate) {}

  private List<Gate> gates(Action a) {
    List<Gate> g = new ArrayList<>(List.of(Gate.NODE_ANSWERS));
    switch (a.kind()) {
      case PROVISION, APPLY_CONFIG -> {
        g.add(Gate.CONFIG_APPLIED);
        if (!a.controlPlane() || bootstrapped) {
          g.add(Gate.MACHINE_READY);
        }
      }
      case UPGRADE -> {
        g.add(Gate.TALOS_VERSION);
        g.add(Gate.MACHINE_READY);
      }
      case BOOTSTRAP -> g.add(Gate.ETCD_HEALTHY);
      default -> throw new IllegalStateException("unhandled: " + a.kind());
    }
    if (a.controlPlane() && bootstrapped && a.kind() != Action.Kind.BOOTSTRAP) {
      g.add(Gate.ETCD_HEALTHY);
    }
    if (g.contains(Gate.MACHINE_READY)) {
      g.add(Gate.KUBE_NODE_READY);
    }
    return g;
  }

  private GateResult check(Gate g, Action a, NodeConfig n, NodeLive l) {
    return switch (g) {
      case NODE_ANSWERS -> l.reach() == Reach.UP ? GateResult.passed()
          : GateResult.pending(l.reach() == Reach.MAINTENANCE ? "still in maintenance mode" : "not answering yet");
      case CONFIG_APPLIED -> n.sha256().equals(l.configSha()) ? GateResult.passed()
          : GateResult.pending("active config is not the desired one yet");
      case TALOS_VERSION -> {
        String want = TalosVersions.tagOfImage(n.installerImage());
        if (TalosVersions.runsImage(l.version(), n.installerImage())) {
          yield GateResult.passed();
        }
        yield sawDown.contains(a.node()) && l.healthy()
            ? GateResult.failed("came back on Talos " + l.version() + ", expected " + want)
            : GateResult.pending("runs " + l.version() + ", waiting for " + want);
      }
      case MACHINE_READY -> l.healthy() ? GateResult.passed()
          : GateResult.pending("stage " + l.stage().name().toLowerCase() + (l.ready() ? "" : ", not ready")
              + (l.unmet().isEmpty() ? "" : " (" + String.join("; ", l.unmet()) + ")"));
      case ETCD_HEALTHY -> l.etcdHealthy() ? GateResult.passed() : GateResult.pending("etcd member not healthy yet");
      case KUBE_NODE_READY -> switch (l.kubeNode()) {
        case READY -> GateResult.passed();
        case NOT_READY -> GateResult.pending("Kubernetes Node " + l.hostname() + " is not Ready");
        case UNKNOWN -> l.healthy() ? GateResult.passed() : GateResult.pending("Kubernetes Node not registered yet");
      };
    };
  }
}
