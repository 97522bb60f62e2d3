package dev.plumb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.SimKube;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cordon, drain through the eviction API (PodDisruptionBudgets honoured by SimKube), uncordon; node readiness. */
class DrainerIT {
  SimKube sim;
  KubeClient client;
  StepClock clock;
  Drainer drainer;

  @BeforeEach
  void start() {
    sim = SimKube.start();
    client = Fabric8KubeClient.fromKubeconfig(sim.kubeconfig());
    clock = new StepClock();
    drainer = new Drainer(client, clock, clock);
    sim.upsertNode("w1", true, "v1.33.1", false);
    sim.upsertNode("w2", true, "v1.33.1", false);
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  @Test
  void drainEvictsOrdinaryPodsSkipsDaemonSetAndMirrorPodsAndUncordons() throws Exception {
    sim.addPod("web", "web-1", "w1", Map.of("app", "web"), "ReplicaSet");
    sim.addPod("kube-system", "cilium-abc", "w1", Map.of("app", "cilium"), "DaemonSet");
    sim.addPod("web", "web-2", "w2", Map.of("app", "web"), "ReplicaSet");
    sim.admin().pods().inNamespace("kube-system").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata().withName("kube-apiserver-w1").withNamespace("kube-system")
        .addToAnnotations("kubernetes.io/config.mirror", "abc").endMetadata()
        .withNewSpec().withNodeName("w1").endSpec().build()).create();

    DrainResult result = drainer.cordonAndDrain("w1", DrainPolicy.defaults());
    assertThat(result.outcome()).isEqualTo(DrainResult.Outcome.DRAINED);
    assertThat(result.evicted()).containsExactly("web/web-1");
    assertThat(result.skipped()).containsExactlyInAnyOrder(
        "kube-system/cilium-abc (managed by DaemonSet cilium-abc-owner)",
        "kube-system/kube-apiserver-w1 (mirror pod of a static pod)");
    assertThat(sim.admin().pods().inNamespace("web").withName("web-1").get()).isNull();
    assertThat(sim.admin().pods().inNamespace("web").withName("web-2").get()).isNotNull();
    assertThat(new NodeReadiness(client).read("w1").cordoned()).isTrue();

    drainer.uncordon("w1");
    assertThat(new NodeReadiness(client).read("w1").cordoned()).isFalse();
  }

  @Test
  void aPodDisruptionBudgetBlocksTheDrainUntilTheTimeoutAndIsNamed() throws Exception {
    sim.addPod("db", "db-0", "w1", Map.of("app", "db"), "StatefulSet");
    sim.addPod("db", "db-1", "w2", Map.of("app", "db"), "StatefulSet");
    sim.admin().resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("db-pdb").withNamespace("db")
        .endMetadata().withNewSpec().withNewMinAvailable(2).withNewSelector().addToMatchLabels("app", "db")
        .endSelector().endSpec().build()).create();

    DrainPolicy policy = new DrainPolicy(Duration.ofSeconds(30), Duration.ofSeconds(5));
    DrainResult result = drainer.cordonAndDrain("w1", policy);
    assertThat(result.outcome()).isEqualTo(DrainResult.Outcome.TIMED_OUT);
    assertThat(result.remaining()).containsExactly("db/db-0");
    assertThat(result.blocked()).containsExactly(
        "eviction of pod db/db-0 refused: blocked by PodDisruptionBudget db/db-pdb");
    assertThat(result.summary()).contains("drain timed out with 1 pods left").contains("db/db-pdb");
    assertThat(clock.pauses).isEqualTo(6);
    assertThat(sim.admin().pods().inNamespace("db").withName("db-0").get()).isNotNull();

    // with a budget that tolerates one disruption the same pod goes
    sim.admin().policy().v1().podDisruptionBudget().inNamespace("db").withName("db-pdb")
        .edit(p -> new PodDisruptionBudgetBuilder(p).editSpec().withNewMinAvailable(1).endSpec().build());
    assertThat(drainer.cordonAndDrain("w1", policy).outcome()).isEqualTo(DrainResult.Outcome.DRAINED);
  }

  @Test
  void nodeReadinessFollowsTheNodeObject() {
    NodeReadiness readiness = new NodeReadiness(client);
    assertThat(readiness.read("w1")).isEqualTo(new NodeReadiness.Reading(NodeReadiness.State.READY, "Ready",
        "v1.33.1", false));
    sim.upsertNode("w1", false, "v1.34.0", false);
    NodeReadiness.Reading r = readiness.read("w1");
    assertThat(r.state()).isEqualTo(NodeReadiness.State.NOT_READY);
    assertThat(r.reason()).isEqualTo("Ready is False: KubeletNotReady");
    assertThat(r.kubeletVersion()).isEqualTo("v1.34.0");
    assertThat(readiness.read("nope").state()).isEqualTo(NodeReadiness.State.UNKNOWN);
  }
}
