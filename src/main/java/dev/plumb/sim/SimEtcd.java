package dev.plumb.sim;

import dev.plumb.talos.api.machine.EtcdMember;
import dev.plumb.talos.api.machine.EtcdMemberStatus;
import dev.plumb.talos.api.machine.EtcdMembers;
import dev.plumb.talos.api.machine.EtcdStatus;
import io.grpc.Status;
import java.util.List;

/**
 * The etcd view of a simulated cluster: members are the control planes that joined; the member
 * list needs a leader, which needs a majority of members up and running etcd.
 */
final class SimEtcd {
  private SimEtcd() {}

  static EtcdMembers members(SimulatedNode n) {
    requireRunning(n);
    List<SimulatedNode> members = n.fleet().etcdMembers(n.clusterName());
    requireQuorum(members);
    EtcdMembers.Builder b = EtcdMembers.newBuilder();
    for (SimulatedNode m : members) {
      b.addLegacyMembers(m.hostname());
      b.addMembers(EtcdMember.newBuilder().setId(m.memberId()).setHostname(m.hostname())
          .addPeerUrls("https://" + m.address() + ":2380").addClientUrls("https://" + m.address() + ":2379"));
    }
    return b.build();
  }

  static EtcdStatus status(SimulatedNode n) {
    requireRunning(n);
    List<SimulatedNode> members = n.fleet().etcdMembers(n.clusterName());
    long leader = healthy(members) * 2 > members.size()
        ? members.stream().filter(SimEtcd::serving).findFirst().map(SimulatedNode::memberId).orElse(0L)
        : 0L;
    return EtcdStatus.newBuilder().setMemberStatus(EtcdMemberStatus.newBuilder()
        .setMemberId(n.memberId()).setLeader(leader).setProtocolVersion("3.6.0")
        .setStorageVersion("3.6.0").setRaftIndex(1000).setRaftTerm(2)).build();
  }

  private static void requireRunning(SimulatedNode n) {
    if (!n.controlPlane()) {
      throw Status.UNIMPLEMENTED.withDescription("etcd is only available on control plane nodes")
          .asRuntimeException();
    }
    if (!n.etcdJoined()) {
      throw Status.FAILED_PRECONDITION.withDescription("etcd is not running on this node")
          .asRuntimeException();
    }
  }

  private static void requireQuorum(List<SimulatedNode> members) {
    if (healthy(members) * 2 <= members.size()) {
      throw Status.UNAVAILABLE.withDescription("etcdserver: no leader").asRuntimeException();
    }
  }

  private static boolean serving(SimulatedNode m) {
    return m.up() && m.etcdJoined() && m.services().stream()
        .anyMatch(s -> s.id().equals("etcd") && s.runningAndHealthy());
  }

  private static long healthy(List<SimulatedNode> members) {
    return members.stream().filter(SimEtcd::serving).count();
  }
}
