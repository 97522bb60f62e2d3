package dev.plumb.observe;

import dev.plumb.talos.EtcdAlarm;
import dev.plumb.talos.EtcdMember;
import dev.plumb.talos.EtcdMemberStatus;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.ServiceStatus;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.util.List;

/**
 * Reads the live etcd view of one control plane: EtcdMemberList (query_local=false: the cluster's
 * list, learners included), EtcdStatus (this member) and EtcdAlarmList. Any error makes the view
 * unknown, never "no members", with one exception that is a positive answer: a control plane
 * whose etcd has never joined. Talos's etcd service (internal/app/machined/pkg/system/services/
 * etcd.go, argsForControlPlane) starts etcd at once when its data directory holds data; with an
 * empty data directory and no bootstrap it stays in its pre-start step (service state
 * {@code Preparing}) retrying to join a cluster ("etcd is waiting to join the cluster ... please
 * run talosctl bootstrap"), and the node has no local EtcdMember resource. Only that pair counts as
 * "no member"; a node after a power loss (data present) shows its etcd Running or Waiting instead.
 */
final class EtcdReader {
  private EtcdReader() {}

  static EtcdView read(TalosClient c, NodeTarget t) {
    List<EtcdMember> members;
    try {
      members = c.etcdMembers(t);
    } catch (TalosException e) {
      return notJoined(c, t).orElse(EtcdView.unknown("etcd member list: " + e.getMessage()));
    }
    EtcdMemberStatus status;
    try {
      status = c.etcdStatus(t);
    } catch (TalosException e) {
      return new EtcdView(false, members, 0, 0, false, List.of(), List.of(), "etcd status: " + e.getMessage());
    }
    List<EtcdAlarm> alarms = List.of();
    String note = "";
    try {
      alarms = c.etcdAlarms(t);
    } catch (TalosException e) {
      if (e.kind() != TalosException.Kind.UNIMPLEMENTED) {
        return new EtcdView(false, members, status.memberId(), status.leader(), false, status.errors(), List.of(),
            "etcd alarm list: " + e.getMessage());
      }
      // a Talos without EtcdAlarmList: the member list and status stand, the alarms are not known
      note = "alarms not readable (EtcdAlarmList not implemented by this Talos)";
    }
    boolean learner = members.stream().anyMatch(m -> m.id() == status.memberId() && m.learner());
    return new EtcdView(true, members, status.memberId(), status.leader(), learner, status.errors(), alarms, note);
  }

  /** The positive "never joined" answer, or empty when the node does not give it. */
  private static java.util.Optional<EtcdView> notJoined(TalosClient c, NodeTarget t) {
    try {
      ServiceStatus etcd = c.services(t).stream().filter(s -> s.id().equals("etcd")).findFirst().orElse(null);
      if (etcd == null || !"Preparing".equals(etcd.state())) {
        return java.util.Optional.empty();
      }
      try {
        c.resourceYaml(t, "etcd", "EtcdMembers.etcd.talos.dev", "local");
        return java.util.Optional.empty();
      } catch (TalosException e) {
        if (e.kind() != TalosException.Kind.NOT_FOUND) {
          return java.util.Optional.empty();
        }
      }
      return java.util.Optional.of(EtcdView.notJoined("etcd service preparing, no local member: never joined"));
    } catch (TalosException e) {
      return java.util.Optional.empty();
    }
  }
}
