package dev.plumb.plan;

import dev.plumb.observe.EtcdView;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.EtcdAlarm;
import dev.plumb.talos.EtcdMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The etcd quorum guard on the live member list, for any change to a control plane (a reboot, and
 * also a no-reboot change: cluster.etcd, apiServer or kubelet changes restart static pods or etcd).
 * Voting members count (learners do not vote); a member with no answering, healthy node behind it
 * (a stale member of a wiped or replaced node, or a member whose etcd is down) counts as a voter
 * that is down. The change is refused when it would leave fewer than a majority of voters up, when
 * a member is a learner (it is still joining) or an alarm is active, when etcd has only one or two
 * voters (unless the policy accepts the outage), and when no control plane gave a readable view.
 */
final class QuorumGuard {
  private QuorumGuard() {}

  static Optional<String> risk(ClusterDesired desired, LiveState live, String node) {
    List<NodeLive> cps = new ArrayList<>();
    for (NodeConfig n : desired.nodes()) {
      if (n.controlPlane()) {
        live.node(n.hostname()).ifPresent(cps::add);
      }
    }
    Optional<EtcdView> seen = view(cps);
    if (seen.isEmpty()) {
      List<String> why = new ArrayList<>();
      for (NodeLive l : cps) {
        why.add(l.hostname() + ": " + (l.reach() == Reach.UP ? l.etcd().error() : l.reach().name().toLowerCase()));
      }
      return Optional.of("the etcd member list is unknown (" + String.join("; ", why) + "): not changing " + node);
    }
    EtcdView v = seen.get();
    if (v.members().isEmpty()) {
      return Optional.of("etcd has no member yet: not changing " + node + " before etcd is bootstrapped");
    }
    for (EtcdMember m : v.members()) {
      if (m.learner()) {
        return Optional.of("etcd member " + name(m) + " is a learner (still joining): waiting until it is promoted");
      }
    }
    for (EtcdAlarm a : v.alarms()) {
      return Optional.of("etcd alarm " + a.alarm() + " is active on member " + memberName(v, a.memberId())
          + ": resolve it before changing control planes");
    }
    List<EtcdMember> voters = v.voters();
    Optional<EtcdMember> target = member(v, live.node(node).orElse(null));
    if (voters.size() <= 2) {
      if (desired.policy().acceptEtcdOutage() || target.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of("etcd has " + voters.size() + " voting member" + (voters.size() == 1 ? "" : "s")
          + ": changing " + node + " takes etcd down (set etcd.acceptOutage: true in plumb.yaml to allow it)");
    }
    List<String> down = new ArrayList<>();
    for (EtcdMember m : voters) {
      Optional<NodeLive> behind = cps.stream().filter(l -> member(v, l).map(x -> x.id() == m.id()).orElse(false))
          .findFirst();
      Optional<NodeLive> named = cps.stream().filter(l -> l.hostname().equals(m.hostname())).findFirst();
      if (behind.isEmpty() && named.isPresent()) {
        down.add(m.hostname() + " (" + named.get().reach().name().toLowerCase() + ")");
      } else if (behind.isEmpty()) {
        down.add(name(m) + " (stale: no control plane answers for it)");
      } else if (!behind.get().etcdHealthy()) {
        down.add(behind.get().hostname() + " (etcd not healthy)");
      } else if (target.isPresent() && target.get().id() == m.id()) {
        down.add(node + " (the change)");
      }
    }
    int up = voters.size() - down.size();
    if (up * 2 <= voters.size()) {
      return Optional.of("changing " + node + " would leave " + up + " of " + voters.size()
          + " etcd voters up, no quorum; down: " + String.join(", ", down));
    }
    return Optional.empty();
  }

  /** The view of the control plane that has a leader, else any readable one. */
  private static Optional<EtcdView> view(List<NodeLive> cps) {
    EtcdView any = null;
    for (NodeLive l : cps) {
      EtcdView v = l.etcd();
      if (l.reach() == Reach.UP && v.known()) {
        if (v.leader() != 0 && !v.members().isEmpty()) {
          return Optional.of(v);
        }
        any = any == null ? v : any;
      }
    }
    return Optional.ofNullable(any);
  }

  /** The member a node is: its own member id when it reported one, else the member named after it. */
  private static Optional<EtcdMember> member(EtcdView v, NodeLive l) {
    if (l == null || l.reach() != Reach.UP) {
      return Optional.empty();
    }
    long id = l.etcd().known() ? l.etcd().localId() : 0;
    for (EtcdMember m : v.members()) {
      if (id != 0 ? m.id() == id : m.hostname().equals(l.hostname())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static String memberName(EtcdView v, long id) {
    return v.members().stream().filter(m -> m.id() == id).findFirst().map(QuorumGuard::name)
        .orElse(String.format("%016x", id));
  }

  private static String name(EtcdMember m) {
    return (m.hostname().isEmpty() ? "(unnamed)" : m.hostname()) + " " + m.hexId();
  }
}
