package dev.plumb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.SimKube;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** plumb's cordon mark on a Node: set, found, removed by a merge patch, and kept when the kubelet updates the Node. */
class NodeCordonIT {
  SimKube sim;
  KubeClient client;

  @BeforeEach
  void start() {
    sim = SimKube.start();
    client = Fabric8KubeClient.fromKubeconfig(sim.kubeconfig());
    sim.upsertNode("w1", true, "v1.34.1", false);
    sim.upsertNode("w2", true, "v1.34.1", false);
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  @Test
  void plumbsMarkTellsItsCordonFromAHumansAndIsRemovedOnRelease() {
    NodeCordon.mark(client, "w1", "before upgrading w1 to v1.13.9");
    client.setUnschedulable("w1", true);
    client.setUnschedulable("w2", true);

    assertThat(NodeCordon.marked(client)).extracting(NodeCordon.State::node).containsExactly("w1");
    NodeCordon.State w1 = NodeCordon.read(client, "w1").orElseThrow();
    assertThat(w1.plumbReason()).isEqualTo("before upgrading w1 to v1.13.9");
    assertThat(w1.cordonedByOthers()).isFalse();
    assertThat(NodeCordon.read(client, "w2").orElseThrow().cordonedByOthers()).isTrue();
    assertThat(NodeCordon.read(client, "nope")).isEmpty();

    // the node reboots: the kubelet reports NotReady, then Ready; the cordon and the mark stay
    sim.upsertNode("w1", false, "v1.34.1", false);
    sim.upsertNode("w1", true, "v1.34.1", false);
    w1 = NodeCordon.read(client, "w1").orElseThrow();
    assertThat(w1.unschedulable()).isTrue();
    assertThat(w1.plumbReason()).isNotNull();
    assertThat(w1.reading().state()).isEqualTo(NodeReadiness.State.READY);

    NodeCordon.release(client, "w1");
    w1 = NodeCordon.read(client, "w1").orElseThrow();
    assertThat(w1.unschedulable()).isFalse();
    assertThat(w1.plumbReason()).isNull();
    assertThat(sim.admin().nodes().withName("w1").get().getMetadata().getAnnotations())
        .doesNotContainKey(NodeCordon.ANNOTATION);
    assertThat(NodeCordon.marked(client)).isEmpty();
  }
}
