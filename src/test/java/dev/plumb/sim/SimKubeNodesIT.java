package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulated Kubernetes API holds a Node per configured simulated node, named by its Nodename,
 * Ready as the node is, its kubelet version following the live config's kubelet image one kubelet
 * restart later, and Unknown with the unreachable taints once a node is down past the grace period.
 */
class SimKubeNodesIT {
  private static Node node(SimKube kube, String name) {
    return kube.admin().nodes().withName(name).get();
  }

  private static NodeCondition readyCondition(Node n) {
    return n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }

  private static List<String> taints(Node n) {
    List<Taint> t = n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
    return t.stream().map(x -> x.getKey() + ":" + x.getEffect()).toList();
  }

  @Test
  void aNodePerConfiguredNodeWithReadyAndKubeletVersion() {
    try (SimHarness sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true)); SimKube kube = SimKube.start()) {
      SimKubeNodes.sync(kube, sim.fleet, "v1.33.9");
      List<Node> nodes = kube.admin().nodes().list().getItems();
      assertThat(nodes).hasSize(2);
      // the preconfigured configs name ghcr.io/siderolabs/kubelet:v1.34.1: the config wins over the default
      assertThat(nodes).allSatisfy(n -> assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.34.1"));
      assertThat(nodes).filteredOn(n -> n.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane"))
          .extracting(n -> n.getMetadata().getName()).containsExactly("cp-1");
      assertThat(sim.fleet.nodes()).allMatch(n -> n.up() && n.ready());
      assertThat(nodes).allSatisfy(n -> assertThat(readyCondition(n).getStatus()).isEqualTo("True"));
      assertThat(nodes).allSatisfy(n -> assertThat(taints(n)).isEmpty());
    }
  }

  @Test
  void kubeletVersionFollowsAConfigChangeAfterTheKubeletRestarts() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1); SimKube kube = SimKube.start()) {
      SimKubeNodes follower = SimKubeNodes.manual(kube, sim.fleet, "v1.34.1");
      follower.round();
      SimulatedNode w = sim.fleet.node("worker-1");
      String cfg = new String(w.activeConfig().orElseThrow().raw(), StandardCharsets.UTF_8);
      assertThat(cfg).contains("ghcr.io/siderolabs/kubelet:v1.34.1");

      ApplyResult r = sim.client("os:admin").applyConfiguration(sim.direct("worker-1"),
          cfg.replace("kubelet:v1.34.1", "kubelet:v1.35.0").getBytes(StandardCharsets.UTF_8), ApplyMode.AUTO,
          false, null);
      assertThat(r.mode()).isEqualTo(ApplyMode.NO_REBOOT);

      follower.round();
      assertThat(node(kube, "worker-1").getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.34.1");
      follower.round();
      assertThat(node(kube, "worker-1").getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.35.0");
      assertThat(node(kube, "cp-1").getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.34.1");
    }
  }

  @Test
  void aNodeDownPastTheGracePeriodIsUnknownAndUnreachableThenReadyAgain() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1); SimKube kube = SimKube.start()) {
      SimKubeNodes follower = SimKubeNodes.manual(kube, sim.fleet, "v1.34.1");
      follower.round();
      kube.admin().nodes().withName("worker-1").edit(n -> {
        n.getSpec().setUnschedulable(true); // a drain's cordon survives the status updates
        return n;
      });
      sim.fleet.node("worker-1").inject(Fault.parse("refuse"));

      follower.round();
      Node going = node(kube, "worker-1");
      assertThat(readyCondition(going).getStatus()).isEqualTo("False");
      assertThat(taints(going)).containsExactly("node.kubernetes.io/not-ready:NoSchedule");

      sim.clock.advance(SimKubeNodes.GRACE.minus(Duration.ofSeconds(1)));
      follower.round();
      assertThat(readyCondition(node(kube, "worker-1")).getStatus()).isEqualTo("False");

      sim.clock.advance(Duration.ofSeconds(1));
      follower.round();
      Node gone = node(kube, "worker-1");
      assertThat(readyCondition(gone).getStatus()).isEqualTo("Unknown");
      assertThat(readyCondition(gone).getReason()).isEqualTo("NodeStatusUnknown");
      assertThat(taints(gone)).containsExactlyInAnyOrder("node.kubernetes.io/unreachable:NoSchedule",
          "node.kubernetes.io/unreachable:NoExecute");
      assertThat(readyCondition(node(kube, "cp-1")).getStatus()).isEqualTo("True");

      sim.fleet.node("worker-1").clear(Fault.Kind.REFUSE);
      follower.round();
      Node back = node(kube, "worker-1");
      assertThat(readyCondition(back).getStatus()).isEqualTo("True");
      assertThat(taints(back)).isEmpty();
      assertThat(back.getSpec().getUnschedulable()).isTrue();
    }
  }
}
