package dev.plumb.sim;

import java.util.Optional;

/**
 * One control plane's side of etcd: whether its data directory (on EPHEMERAL) holds data, the
 * member id that data belongs to, and whether etcd was stopped in this boot (after a leave).
 * Written under the node's lock; read from other nodes' calls too, hence volatile.
 */
final class NodeEtcd {
  private volatile boolean data;
  private volatile long memberId;
  private volatile boolean stopped;

  boolean hasData() {
    return data;
  }

  long memberId() {
    return memberId;
  }

  /** etcd was stopped in this boot (EtcdLeaveCluster); a reboot starts it again. */
  boolean stopped() {
    return stopped;
  }

  /** The data directory now belongs to this member (bootstrap, join, or a preinstalled cluster). */
  void joined(long id) {
    data = true;
    memberId = id;
    stopped = false;
  }

  /** The data directory is gone (a wipe of EPHEMERAL); a stale member may remain in the cluster. */
  void wiped() {
    data = false;
    stopped = false;
  }

  /** LeaveCluster: member removed, etcd stopped, data directory removed. */
  void left() {
    data = false;
    stopped = true;
  }

  void newBoot() {
    stopped = false;
  }

  /** This node's member in the cluster table, if the table still has it. */
  Optional<SimEtcdCluster.Member> member(SimEtcdCluster cluster) {
    return data ? cluster.member(memberId) : Optional.empty();
  }
}
