package dev.plumb.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The services of a simulated node and their state: they start one by one in boot order; etcd
 * waits for the cluster's bootstrap, kubelet is unhealthy until the API server (etcd) exists, and
 * an injected fault fails one service.
 *
 * <p>etcd before it has data (services/etcd.go): its PreFunc retries joining the cluster
 * (buildInitialCluster) until the node is bootstrapped or a member answers, so the service stays
 * {@code Preparing} with Talos's message "Running pre state", health unknown. Its condition waits
 * for time sync, as kubelet's does: with time unsynced both stay {@code Waiting}. Stopped (the
 * node left etcd, or the etcd-down fault) it is {@code Finished}.
 */
final class SimServices {
  static final List<String> CONTROL_PLANE =
      List.of("machined", "apid", "udevd", "containerd", "cri", "trustd", "etcd", "kubelet");
  static final List<String> WORKER = List.of("machined", "apid", "udevd", "containerd", "cri", "kubelet");
  static final List<String> MAINTENANCE = List.of("machined", "apid", "udevd");

  private SimServices() {}

  /** etcd's state from the node's etcd side and faults: running, preparing, waiting or stopped. */
  static String etcdState(NodeEtcd etcd, boolean down, boolean timeUnsynced) {
    if (down || etcd.stopped()) {
      return "stopped";
    }
    if (timeUnsynced) {
      return "waiting";
    }
    return etcd.hasData() ? "running" : "preparing";
  }

  static List<SimService> of(MachineConfigView active, int started, String failing, String etcdState,
      boolean bootstrapped) {
    List<String> ids = active == null ? MAINTENANCE : active.controlPlane() ? CONTROL_PLANE : WORKER;
    List<SimService> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (active == null) {
        out.add(new SimService(id, "Running", true, "Health check successful"));
      } else if (i >= started) {
        out.add(new SimService(id, "Waiting", false, "Waiting for service to start"));
      } else if (id.equals(failing)) {
        out.add(new SimService(id, "Failed", false, "Health check failed: simulated fault"));
      } else if (id.equals("etcd") && !etcdState.equals("running")) {
        out.add(switch (etcdState) {
          case "stopped" -> new SimService(id, "Finished", false, "Service finished successfully");
          case "waiting" -> new SimService(id, "Waiting", false, "Waiting for time sync");
          default -> new SimService(id, "Preparing", false, "Running pre state");
        });
      } else if (id.equals("kubelet") && etcdState.equals("waiting")) {
        out.add(new SimService(id, "Waiting", false, "Waiting for time sync"));
      } else if (id.equals("kubelet") && !bootstrapped) {
        out.add(new SimService(id, "Running", false, "Waiting for the API server"));
      } else {
        out.add(new SimService(id, "Running", true, "Health check successful"));
      }
    }
    return out;
  }
}
