package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.kube.Fabric8KubeClient;
import dev.plumb.kube.KubeClient;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.GrpcTalosClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code plumb sim --kube} end to end through plumb's own clients: the Kubeconfig call of a control
 * plane leads to the fleet's Kubernetes API, whose Nodes, mirror pods and version follow what is
 * applied through the Talos API.
 */
class SimFleetKubeIT {
  @Test
  void theKubeconfigCallLeadsToAnApiThatFollowsTheFleet() {
    try (SimHarness sim = SimHarness.preconfigured(3, 1)) {
      sim.fleet.attachKube("v1.34.1");
      sim.fleet.kubeRound();
      GrpcTalosClient admin = sim.client("os:admin");
      try (KubeClient kube = Fabric8KubeClient.fromKubeconfig(admin.kubeconfig(sim.direct("cp-1")))) {
        assertThat(kube.serverVersion()).isEqualTo("v1.34.1");
        assertThat(kube.list("v1", "Node", "")).extracting(SimFleetKubeIT::name)
            .containsExactlyInAnyOrder("cp-1", "worker-1", "worker-2");
        assertThat(kube.list("v1", "Pod", "kube-system")).extracting(SimFleetKubeIT::name)
            .contains("kube-apiserver-cp-1", "kube-controller-manager-cp-1", "kube-scheduler-cp-1");

        admin.applyConfiguration(sim.direct("cp-1"), SimKubeStaticPodsIT.withClusterField(sim.fleet.node("cp-1"),
            "  apiServer:\n    image: registry.k8s.io/kube-apiserver:v1.35.0\n"), ApplyMode.AUTO, false, null);
        sim.fleet.kubeRound();

        assertThat(kube.serverVersion()).isEqualTo("v1.35.0");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static String name(Map<String, Object> o) {
    return String.valueOf(((Map<String, Object>) o.get("metadata")).get("name"));
  }
}
