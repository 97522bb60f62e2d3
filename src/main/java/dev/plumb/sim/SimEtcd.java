package dev.plumb.sim;

import dev.plumb.talos.api.machine.EtcdAlarm;
import dev.plumb.talos.api.machine.EtcdMember;
import dev.plumb.talos.api.machine.EtcdMemberAlarm;
import dev.plumb.talos.api.machine.EtcdMemberStatus;
import dev.plumb.talos.api.machine.EtcdMembers;
import dev.plumb.talos.api.machine.EtcdStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;

/**
 * The etcd calls of Talos's machined, answered from the cluster's member table
 * ({@link SimEtcdCluster}) and the state of the nodes that run the members
 * (siderolabs/talos internal/app/machined/internal/server/v1alpha1/v1alpha1_server.go,
 * internal/pkg/etcd). Two kinds of etcd client, with their own errors: the local one
 * (NewLocalClient: blocks on dialing 127.0.0.1:2379, so a local etcd that is not up fails with
 * "context deadline exceeded") and the one built from the control plane endpoints
 * (NewClientFromControlPlaneIPs: while no API server runs there are none, "no controlplane endpoints
 * discovered yet"). Quorum is a majority of the voting members, learners
 * excluded, counted whether their machines are up or not: a stale member counts against it.
 */
final class SimEtcd {
  private static final String DEADLINE = "context deadline exceeded";
  private static final String NO_ENDPOINTS = "no controlplane endpoints discovered yet";

  private SimEtcd() {}

  /**
   * EtcdMemberList: local client with {@code queryLocal}, else the control plane endpoints; both
   * errors are returned unwrapped (code Unknown), a lost quorum is etcd's own Unavailable.
   */
  static EtcdMembers members(SimulatedNode n, boolean queryLocal) {
    requireControlPlane(n, "member list");
    if (queryLocal) {
      requireLocal(n, "");
    } else {
      requireEndpoints(n, "");
    }
    List<SimEtcdCluster.Member> members = n.etcdCluster().members();
    requireQuorum(members, "");
    EtcdMembers.Builder b = EtcdMembers.newBuilder();
    for (SimEtcdCluster.Member m : members) {
      b.addLegacyMembers(m.name());
      b.addMembers(EtcdMember.newBuilder().setId(m.id()).setHostname(m.name())
          .addPeerUrls("https://" + m.address() + ":2380").addClientUrls("https://" + m.address() + ":2379")
          .setIsLearner(m.learner()));
    }
    return b.build();
  }

  /** EtcdStatus: always the local member; the leader is known only while a quorum of voters serves. */
  static EtcdStatus status(SimulatedNode n) {
    requireControlPlane(n, "etcd status");
    requireLocal(n, "failed to create etcd client: ");
    List<SimEtcdCluster.Member> members = n.etcdCluster().members();
    long leader = hasQuorum(members)
        ? members.stream().filter(m -> !m.learner() && serving(m)).findFirst().map(SimEtcdCluster.Member::id).orElse(0L)
        : 0L;
    return EtcdStatus.newBuilder().setMemberStatus(EtcdMemberStatus.newBuilder()
        .setMemberId(n.etcd().memberId()).setLeader(leader).setProtocolVersion("3.6.0")
        .setStorageVersion("3.6.0").setRaftIndex(1000).setRaftTerm(2).setIsLearner(learner(n))).build();
  }

  /** EtcdAlarmList: the local client; the alarm list is a linearized request, so it needs a leader. */
  static EtcdAlarm alarms(SimulatedNode n) {
    requireControlPlane(n, "etcd alarm list");
    requireLocal(n, "failed to create etcd client: ");
    SimEtcdCluster cluster = n.etcdCluster();
    if (!hasQuorum(cluster.members())) {
      throw Status.UNKNOWN.withDescription("failed to list etcd alarms: etcdserver: request timed out")
          .asRuntimeException();
    }
    EtcdAlarm.Builder b = EtcdAlarm.newBuilder();
    cluster.alarms().forEach((id, type) -> b.addMemberAlarms(EtcdMemberAlarm.newBuilder().setMemberId(id)
        .setAlarm(EtcdMemberAlarm.AlarmType.valueOf(type))));
    return b.build();
  }

  /** Whether the node's own member is a learner. */
  static boolean learner(SimulatedNode n) {
    return n.etcd().member(n.etcdCluster()).map(SimEtcdCluster.Member::learner).orElse(false);
  }

  /** Whether a majority of the voting members (learners do not vote) is up and serving. */
  static boolean hasQuorum(List<SimEtcdCluster.Member> members) {
    long voters = members.stream().filter(m -> !m.learner()).count();
    long serving = members.stream().filter(m -> !m.learner() && serving(m)).count();
    return voters > 0 && serving * 2 > voters;
  }

  /**
   * Talos's Bootstrap checks, in its order (v1alpha1_server.go): CRI running (IsBootstrapAllowed),
   * a control plane, time in sync (TimeSync condition, 5 s wait), then an empty etcd data directory
   * (AlreadyExists; also data left on a reused disk).
   */
  static void requireBootstrapAllowed(boolean criRunning, boolean controlPlane, boolean timeSynced,
      boolean hasEtcdData) {
    if (!criRunning) {
      throw Status.FAILED_PRECONDITION.withDescription("bootstrap is not available yet").asRuntimeException();
    }
    if (!controlPlane) {
      throw Status.FAILED_PRECONDITION.withDescription("bootstrap can only be performed on a control plane node")
          .asRuntimeException();
    }
    if (!timeSynced) {
      throw Status.FAILED_PRECONDITION.withDescription("time is not in sync yet").asRuntimeException();
    }
    if (hasEtcdData) {
      throw Status.ALREADY_EXISTS.withDescription("etcd data directory is not empty").asRuntimeException();
    }
  }

  /** Talos's checkControlplane: Unimplemented, "<api> is only available on control plane nodes". */
  static void requireControlPlane(SimulatedNode n, String api) {
    if (!n.controlPlane()) {
      throw Status.UNIMPLEMENTED.withDescription(api + " is only available on control plane nodes")
          .asRuntimeException();
    }
  }

  /** NewLocalClient: the local etcd must be up and a member, or the blocking dial times out. */
  static void requireLocal(SimulatedNode n, String prefix) {
    if (n.etcd().member(n.etcdCluster()).filter(SimEtcd::serving).isEmpty()) {
      throw Status.UNKNOWN.withDescription(prefix + DEADLINE).asRuntimeException();
    }
  }

  /**
   * NewClientFromControlPlaneIPs: its endpoints are the control planes whose API server Talos saw
   * (k8s Endpoint resources, kept in memory), and an API server runs only on a working etcd. So
   * there are none before bootstrap, and none either after a full power loss until some member
   * serves again: "no controlplane endpoints discovered yet" is never a sign that no member exists.
   */
  static void requireEndpoints(SimulatedNode n, String prefix) {
    if (!n.fleet().clusterBootstrapped(n.clusterName())
        || n.etcdCluster().members().stream().noneMatch(SimEtcd::serving)) {
      throw Status.UNKNOWN.withDescription(prefix + NO_ENDPOINTS).asRuntimeException();
    }
  }

  /** A request that needs the leader (clientv3.WithRequireLeader): "etcdserver: no leader". */
  static void requireQuorum(List<SimEtcdCluster.Member> members, String prefix) {
    if (!hasQuorum(members)) {
      Status s = prefix.isEmpty() ? Status.UNAVAILABLE : Status.UNKNOWN;
      throw s.withDescription(prefix + "etcdserver: no leader").asRuntimeException();
    }
  }

  /**
   * A member serves when its machine is up, still holds that member's data, and runs etcd healthy.
   * A stale member (the machine was wiped, replaced or rejoined under a new id) never serves.
   */
  static boolean serving(SimEtcdCluster.Member m) {
    SimulatedNode node = m.node();
    return node.up() && node.etcd().hasData() && node.etcd().memberId() == m.id()
        && node.services().stream().anyMatch(s -> s.id().equals("etcd") && s.runningAndHealthy());
  }

  /**
   * EtcdRemoveMemberByID through the control plane endpoints. etcd refuses to remove a started
   * voter when the voters left could not keep quorum (strict reconfig check,
   * ErrNotEnoughStartedMembers); a missing member is NotFound.
   */
  static void removeMember(SimulatedNode n, long id) {
    requireControlPlane(n, "etcd remove member");
    requireEndpoints(n, "failed to create etcd client: ");
    String prefix = "failed to remove member: failed to remove member " + Long.toUnsignedString(id) + ": ";
    SimEtcdCluster cluster = n.etcdCluster();
    List<SimEtcdCluster.Member> members = cluster.members();
    requireQuorum(members, prefix);
    members.stream().filter(m -> m.id() == id && !m.learner() && serving(m)).findFirst().ifPresent(m -> {
      List<SimEtcdCluster.Member> rest = members.stream().filter(o -> o.id() != id).toList();
      if (!hasQuorum(rest)) {
        throw Status.UNKNOWN.withDescription(prefix
            + "etcdserver: re-configuration failed due to not enough started members").asRuntimeException();
      }
    });
    cluster.remove(id);
  }

  /**
   * EtcdLeaveCluster: remove the local member through the control plane endpoints, stop etcd,
   * delete its data directory (internal/pkg/etcd LeaveCluster).
   */
  static void leave(SimulatedNode n) {
    requireControlPlane(n, "etcd leave");
    requireEndpoints(n, "failed to create etcd client: ");
    if (!n.etcd().hasData()) {
      throw Status.UNKNOWN.withDescription("failed to leave cluster: resource"
          + " EtcdMembers.etcd.talos.dev(etcd/local@undefined) doesn't exist").asRuntimeException();
    }
    try {
      removeMember(n, n.etcd().memberId());
    } catch (StatusRuntimeException e) {
      throw Status.UNKNOWN.withDescription("failed to leave cluster: "
          + e.getStatus().getDescription().replaceFirst("^failed to remove member: ", "")).asRuntimeException();
    }
    synchronized (n) {
      n.etcd().left();
    }
  }
}
