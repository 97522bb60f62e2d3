package dev.plumb.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The services of a simulated node and their state: they start one by one in boot order; etcd
 * waits for the cluster's bootstrap, kubelet is unhealthy until the API server (etcd) exists, and
 * an injected fault fails one service.
 */
final class SimServices {
  static final List<String> CONTROL_PLANE =
      List.of("machined", "apid", "udevd", "containerd", "cri", "trustd", "etcd", "kubelet");
  static final List<String> WORKER = List.of("machined", "apid", "udevd", "containerd", "cri", "kubelet");
  static final List<String> MAINTENANCE = List.of("machined", "apid", "udevd");

  private SimServices() {}

  static List<SimService> of(MachineConfigView active, int started, String failing, boolean etcdJoined,
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
      } else if (id.equals("etcd") && !etcdJoined) {
        out.add(new SimService(id, "Preparing", false, "Waiting for etcd to be bootstrapped"));
      } else if (id.equals("kubelet") && !bootstrapped) {
        out.add(new SimService(id, "Running", false, "Waiting for the API server"));
      } else {
        out.add(new SimService(id, "Running", true, "Health check successful"));
      }
    }
    return out;
  }
}
