package dev.plumb.sim;

import dev.plumb.talos.MachineStage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talos's readiness conditions of a node (MachineStatus.status.unmetConditions), modelled on
 * siderolabs/talos internal/app/machined/pkg/controllers/runtime/machine_status.go: checks run only
 * in the booting and running stages, in the order time, network, services, staticPods, nodeReady;
 * in any other stage there are no checks, so {@code ready} is true with no unmet conditions.
 */
final class SimReadiness {
  private static final List<String> REQUIRED = List.of("apid", "machined", "kubelet");
  private static final List<String> REQUIRED_CP = List.of("apid", "machined", "kubelet", "etcd", "trustd");

  private SimReadiness() {}

  /** The node's unmet conditions; called with the node's lock held. */
  static List<String[]> unmet(SimulatedNode n) {
    return unmet(n.stage(), n.controlPlane(), n.fault(Fault.Kind.TIME_UNSYNCED).isEmpty(), n.services(), nodename(n),
        n.kubeletStarted(), nodeReady(n));
  }

  /** The Kubernetes node name (Nodename resource): the lower-cased hostname, once the node has a config. */
  static Optional<String> nodename(SimulatedNode n) {
    return n.maintenance() ? Optional.empty() : Optional.of(n.hostname().toLowerCase(java.util.Locale.ROOT));
  }

  /** The Kubernetes Node is Ready: kubelet registered it and the cluster has a CNI. */
  static boolean nodeReady(SimulatedNode n) {
    return n.kubeletStarted() && n.activeConfig().map(SimReadiness::hasCni).orElse(false);
  }

  /** Unmet conditions as {name, reason} pairs, in Talos's check order. */
  static List<String[]> unmet(MachineStage stage, boolean controlPlane, List<SimService> services,
      Optional<String> nodename, boolean nodeStatusPresent, boolean nodeReady) {
    return unmet(stage, controlPlane, true, services, nodename, nodeStatusPresent, nodeReady);
  }

  /** As above with the time-sync status (TimeStatus.synced; unmet under the time-unsynced fault). */
  static List<String[]> unmet(MachineStage stage, boolean controlPlane, boolean timeSynced, List<SimService> services,
      Optional<String> nodename, boolean nodeStatusPresent, boolean nodeReady) {
    List<String[]> out = new ArrayList<>();
    if (stage != MachineStage.BOOTING && stage != MachineStage.RUNNING) {
      return out;
    }
    if (!timeSynced) {
      out.add(new String[] {"time", "time is not synced"}); // timeSyncCheck
    }
    // network: the simulated node's addresses are up.
    String svc = servicesProblem(services, controlPlane ? REQUIRED_CP : REQUIRED);
    if (!svc.isEmpty()) {
      out.add(new String[] {"services", svc});
    }
    // staticPods: no StaticPodStatus resources are simulated, so the check passes as on Talos with none.
    nodeReadyProblem(nodename, nodeStatusPresent, nodeReady).ifPresent(r -> out.add(new String[] {"nodeReady", r}));
    return out;
  }

  /** servicesCheck: services in COSI (id) order, then required services that are not running. */
  static String servicesProblem(List<SimService> services, List<String> required) {
    List<String> problems = new ArrayList<>();
    List<String> running = new ArrayList<>();
    for (SimService s : services.stream().sorted(Comparator.comparing(SimService::id)).toList()) {
      if (!"Running".equals(s.state())) {
        problems.add(s.id() + " not running");
        continue;
      }
      running.add(s.id());
      if (!s.healthy()) {
        problems.add(s.id() + " not healthy");
      }
    }
    for (String r : required) {
      String p = r + " not running";
      if (!running.contains(r) && !problems.contains(p)) {
        problems.add(p);
      }
    }
    return String.join(", ", problems);
  }

  /** nodeReadyCheck: no Nodename yet passes; a Nodename without a ready NodeStatus does not. */
  static Optional<String> nodeReadyProblem(Optional<String> nodename, boolean statusPresent, boolean ready) {
    if (nodename.isEmpty()) {
      return Optional.empty();
    }
    if (!statusPresent) {
      return Optional.of("node \"" + nodename.get() + "\" status is not available yet");
    }
    return ready ? Optional.empty() : Optional.of("node \"" + nodename.get() + "\" is not ready");
  }

  /**
   * Whether the cluster has a CNI so that the kubelet reports its Node Ready: Talos deploys the
   * configured CNI (flannel by default); with {@code cluster.network.cni.name: none} nothing is
   * deployed and the Node stays NotReady.
   */
  static boolean hasCni(MachineConfigView config) {
    Object cluster = config.v1alpha1().get("cluster");
    Object network = cluster instanceof Map<?, ?> m ? m.get("network") : null;
    Object cni = network instanceof Map<?, ?> m ? m.get("cni") : null;
    Object name = cni instanceof Map<?, ?> m ? m.get("name") : null;
    return !"none".equals(name);
  }
}
