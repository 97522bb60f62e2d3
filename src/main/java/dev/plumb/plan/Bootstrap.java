package dev.plumb.plan;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bootstrap etcd exactly once: only when plumb's journal has no bootstrap of this cluster and every
 * control plane positively reports that it has no etcd member ({@code EtcdView#positivelyNone}: its
 * etcd service waits to join and it has no local member). An unreadable member list is unknown,
 * never "none": after a full power loss every control plane boots with its etcd not yet up, and
 * plumb waits for etcd to come back instead of forming a second cluster. Talos itself refuses a
 * bootstrap on a node whose etcd data directory is not empty (AlreadyExists), the last safety net.
 */
final class Bootstrap {
  /** The bootstrap to run, or none and why (empty when there is nothing to say). */
  record Result(Optional<Action> action, String why) {}

  private Bootstrap() {}

  static Result decide(ClusterDesired desired, LiveState live, ClusterHistory history) {
    List<NodeConfig> cps = desired.nodes().stream().filter(NodeConfig::controlPlane).toList();
    if (cps.isEmpty() || history.bootstrapped()) {
      return new Result(Optional.empty(), "");
    }
    List<String> unknown = new ArrayList<>();
    for (NodeConfig n : cps) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      if (l.etcdMember() || (l.etcd().known() && !l.etcd().members().isEmpty())) {
        return new Result(Optional.empty(), "");
      }
      if (l.reach() != Reach.UP) {
        unknown.add(n.hostname() + " " + l.reach().name().toLowerCase());
      } else if (!l.etcd().positivelyNone()) {
        unknown.add(n.hostname() + " (" + (l.etcd().error().isEmpty() ? "etcd view unknown" : l.etcd().error()) + ")");
      }
    }
    if (!unknown.isEmpty()) {
      return new Result(Optional.empty(), unknown.size() == cps.size() && live.nodes().stream()
          .noneMatch(l -> l.reach() == Reach.MAINTENANCE)
          ? "etcd: no control plane shows an etcd member and none positively shows none ("
              + String.join(", ", unknown) + "): not bootstrapping, waiting for etcd"
          : "etcd bootstrap waits until every control plane positively shows no etcd member: "
              + String.join(", ", unknown));
    }
    return new Result(Optional.of(new Action(Action.Kind.BOOTSTRAP, cps.get(0).hostname(), true, false, "")),
        "etcd: every control plane reports no member and plumb never bootstrapped this cluster: bootstrap "
            + cps.get(0).hostname() + " once");
  }
}
