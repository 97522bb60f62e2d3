package dev.plumb.sim;

import io.grpc.StatusRuntimeException;

/**
 * The faults that are events in a machine's life rather than a state it keeps: a wiped disk (blank,
 * or with STATE kept), two machines that swap addresses, an etcd alarm, and Reset. Called without the node's lock
 * (a swap takes two nodes).
 */
final class LifeFaults {
  private LifeFaults() {}

  /** Applies the fault when it is an event; false when the node keeps it as a state. */
  static boolean inject(SimulatedNode node, Fault f) {
    switch (f.kind()) {
      case WIPE -> node.wipe(false);
      case WIPE_KEEP_STATE -> node.wipe(true);
      case SWAP -> swap(node, node.fleet().node(f.arg()));
      case ETCD_ALARM -> node.etcdCluster().raiseAlarm(node.etcd().memberId(), f.arg());
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Two machines swap addresses, as when their DHCP leases are handed out the other way round: both
   * go down now and come back after the reboot time, each at the other's address, with its own
   * identity (hostname, config, certificates).
   */
  static void swap(SimulatedNode a, SimulatedNode b) {
    if (a == b) {
      return;
    }
    SimulatedFleet fleet = a.fleet();
    synchronized (fleet) {
      for (SimulatedNode n : new SimulatedNode[] {a, b}) {
        synchronized (n) {
          n.powerOff(true);
        }
      }
      String aAddress = a.address();
      a.moveTo(b.address());
      b.moveTo(aAddress);
      fleet.readdress(a, b);
      fleet.record().add(fleet.clock().now(), a.name(), SimRecord.Type.REBOOT, "swapped addresses with " + b.name());
    }
  }

  /**
   * Reset: a graceful one makes a control plane leave etcd first (the reset sequence's leave task);
   * a non-graceful one leaves its member behind, stale. Then the disk is wiped and the node comes
   * back in maintenance mode.
   */
  static void reset(SimulatedNode node, boolean graceful) {
    if (graceful && node.controlPlane() && node.etcd().hasData()) {
      try {
        SimEtcd.leave(node);
      } catch (StatusRuntimeException e) {
        // no quorum to leave through: the member stays behind, stale, as after a non-graceful reset
      }
    }
    node.wipe(false);
  }
}
