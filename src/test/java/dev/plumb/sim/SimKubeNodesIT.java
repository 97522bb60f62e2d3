package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated Kubernetes API holds a Node per configured simulated node, Ready as the node is. */
class SimKubeNodesIT {
  @Test
  void aNodePerConfiguredNodeWithReadyAndKubeletVersion() {
    try (SimHarness sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true)); SimKube kube = SimKube.start()) {
      SimKubeNodes.sync(kube, sim.fleet, "v1.34.1");
      List<Node> nodes = kube.admin().nodes().list().getItems();
      assertThat(nodes).hasSize(2);
      assertThat(nodes).allSatisfy(n -> assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.34.1"));
      assertThat(nodes).filteredOn(n -> n.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane"))
          .hasSize(1);
      boolean allReady = sim.fleet.nodes().stream().allMatch(n -> n.up() && n.ready());
      assertThat(nodes).allSatisfy(n -> assertThat(n.getStatus().getConditions().get(0).getStatus())
          .isEqualTo(allReady ? "True" : "False"));
    }
  }
}
