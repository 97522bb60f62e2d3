package dev.plumb.sim;

import dev.plumb.talos.api.machine.EtcdMember;
import dev.plumb.talos.api.machine.EtcdMemberStatus;
import dev.plumb.talos.api.machine.EtcdMembers;
import dev.plumb.talos.api.machine.EtcdStatus;
import io.grpc.Status;
import java.util.List;

/**
 * The etcd view of a simulated cluster, as Talos's machined answers it
 * (siderolabs/talos internal/app/machined/internal/server/v1alpha1/v1alpha1_server.go,
 * services/etcd.go). Members are the control planes that joined; a joining control plane is a
 * learner until it is promoted. A member that went away without leaving stays a voting member,
 * so quorum is a majority of the voting members, counted whether they are up or not.
 */
final class SimEtcd {
  private SimEtcd() {}

  /**
   * EtcdMemberList. With {@code queryLocal} false Talos builds its client from the control plane
   * endpoints, so the list works while the local etcd is down; with it true only the local member
   * can answer.
   */
  static EtcdMembers members(SimulatedNode n, boolean queryLocal) {
    requireControlPlane(n, "member list");
    List<SimulatedNode> members = n.fleet().etcdMembers(n.clusterName());
    if (queryLocal && !serving(n)) {
      // etcd's client dials lazily; the call itself fails, wrapped by fmt.Errorf (code Unknown).
      throw Status.UNKNOWN.withDescription("failed to list etcd members: context deadline exceeded")
          .asRuntimeException();
    }
    if (members.stream().noneMatch(SimEtcd::serving)) {
      throw Status.UNKNOWN.withDescription("failed to create etcd client: context deadline exceeded")
          .asRuntimeException();
    }
    requireQuorum(members);
    EtcdMembers.Builder b = EtcdMembers.newBuilder();
    for (SimulatedNode m : members) {
      b.addLegacyMembers(m.hostname());
      b.addMembers(EtcdMember.newBuilder().setId(m.memberId()).setHostname(m.hostname())
          .addPeerUrls("https://" + m.address() + ":2380").addClientUrls("https://" + m.address() + ":2379")
          .setIsLearner(m.etcdLearner()));
    }
    return b.build();
  }

  /** EtcdStatus: always the local member; the leader is known only while a quorum of voters serves. */
  static EtcdStatus status(SimulatedNode n) {
    requireControlPlane(n, "etcd status");
    if (!serving(n)) {
      throw Status.UNKNOWN.withDescription("failed to query etcd status: context deadline exceeded")
          .asRuntimeException();
    }
    List<SimulatedNode> members = n.fleet().etcdMembers(n.clusterName());
    long leader = hasQuorum(members)
        ? members.stream().filter(m -> serving(m) && !m.etcdLearner()).findFirst()
            .map(SimulatedNode::memberId).orElse(0L)
        : 0L;
    return EtcdStatus.newBuilder().setMemberStatus(EtcdMemberStatus.newBuilder()
        .setMemberId(n.memberId()).setLeader(leader).setProtocolVersion("3.6.0")
        .setStorageVersion("3.6.0").setRaftIndex(1000).setRaftTerm(2).setIsLearner(n.etcdLearner())).build();
  }

  /** Whether a majority of the voting members (learners do not vote) is up and serving. */
  static boolean hasQuorum(List<SimulatedNode> members) {
    long voters = members.stream().filter(m -> !m.etcdLearner()).count();
    long serving = members.stream().filter(m -> !m.etcdLearner() && serving(m)).count();
    return voters > 0 && serving * 2 > voters;
  }

  /**
   * Talos's Bootstrap checks, in its order (v1alpha1_server.go): CRI running (IsBootstrapAllowed),
   * a control plane, then an empty etcd data directory (AlreadyExists; also data left on a reused
   * disk). The time-sync check between the last two is not simulated: simulated time is in sync.
   */
  static void requireBootstrapAllowed(boolean criRunning, boolean controlPlane, boolean hasEtcdData) {
    if (!criRunning) {
      throw Status.FAILED_PRECONDITION.withDescription("bootstrap is not available yet").asRuntimeException();
    }
    if (!controlPlane) {
      throw Status.FAILED_PRECONDITION.withDescription("bootstrap can only be performed on a control plane node")
          .asRuntimeException();
    }
    if (hasEtcdData) {
      throw Status.ALREADY_EXISTS.withDescription("etcd data directory is not empty").asRuntimeException();
    }
  }

  /** Talos's checkControlplane: Unimplemented, "<api> is only available on control plane nodes". */
  private static void requireControlPlane(SimulatedNode n, String api) {
    if (!n.controlPlane()) {
      throw Status.UNIMPLEMENTED.withDescription(api + " is only available on control plane nodes")
          .asRuntimeException();
    }
  }

  private static void requireQuorum(List<SimulatedNode> members) {
    if (!hasQuorum(members)) {
      throw Status.UNAVAILABLE.withDescription("failed to list etcd members: etcdserver: no leader")
          .asRuntimeException();
    }
  }

  static boolean serving(SimulatedNode m) {
    return m.up() && m.etcdJoined() && m.services().stream()
        .anyMatch(s -> s.id().equals("etcd") && s.runningAndHealthy());
  }
}
