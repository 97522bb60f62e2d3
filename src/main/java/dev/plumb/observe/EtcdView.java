package dev.plumb.observe;

import dev.plumb.talos.EtcdAlarm;
import dev.plumb.talos.EtcdMember;
import java.util.List;

/**
 * etcd as one control plane sees it: the cluster's member list (EtcdMemberList, learners
 * included), this node's own member status (EtcdStatus) and the active alarms. {@code known} is
 * false when the node could not be asked or its answer was an error ({@code error} says which):
 * an unknown view is never "no members".
 */
public record EtcdView(boolean known, List<EtcdMember> members, long localId, long leader, boolean learner,
    List<String> errors, List<EtcdAlarm> alarms, String error) {
  public EtcdView {
    members = List.copyOf(members);
    errors = List.copyOf(errors);
    alarms = List.copyOf(alarms);
  }

  /**
   * A positive answer that this control plane has no etcd member yet: its etcd service waits in
   * Talos's pre-start step to join a cluster and it has no local member ({@link EtcdReader}).
   */
  public static EtcdView notJoined(String why) {
    return new EtcdView(true, List.of(), 0, 0, false, List.of(), List.of(), why);
  }

  /** Known, and no member at all: the node positively is not part of an etcd cluster. */
  public boolean positivelyNone() {
    return known && members.isEmpty();
  }

  /** The voting members (learners do not vote). */
  public List<EtcdMember> voters() {
    return members.stream().filter(m -> !m.learner()).toList();
  }

  /** Not asked (a worker, or a node that did not answer). */
  public static EtcdView unknown(String why) {
    return new EtcdView(false, List.of(), 0, 0, false, List.of(), List.of(), why);
  }
}
