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

  /** Not asked (a worker, or a node that did not answer). */
  public static EtcdView unknown(String why) {
    return new EtcdView(false, List.of(), 0, 0, false, List.of(), List.of(), why);
  }
}
