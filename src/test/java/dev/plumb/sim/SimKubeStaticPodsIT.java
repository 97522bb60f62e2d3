package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import dev.plumb.talos.GrpcTalosClient;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The control-plane static pods of the simulated cluster follow the control planes' live configs:
 * mirror pods named, labelled and bound as the kubelet of a Talos node posts them, their images
 * from cluster.apiServer/controllerManager/scheduler.image, a restart round after an image change,
 * and {@code /version} answering the kube-apiserver's version.
 */
class SimKubeStaticPodsIT {

  static byte[] withClusterField(SimulatedNode n, String yaml) {
    String cfg = new String(n.activeConfig().orElseThrow().raw(), StandardCharsets.UTF_8);
    assertThat(cfg).contains("cluster:\n");
    return cfg.replace("cluster:\n", "cluster:\n" + yaml).getBytes(StandardCharsets.UTF_8);
  }

  private static List<Pod> mirrorPods(SimKube kube) {
    return kube.admin().pods().inNamespace("kube-system").withLabel("tier", "control-plane").list().getItems();
  }

  private static Pod pod(SimKube kube, String name) {
    return kube.admin().pods().inNamespace("kube-system").withName(name).get();
  }

  private static String ready(Pod p) {
    return p.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow()
        .getStatus();
  }

  @Test
  void mirrorPodsPerControlPlaneWithTalosLabelsAndDefaultImages() {
    try (SimHarness sim = SimHarness.preconfigured(3, 2); SimKube kube = SimKube.start()) {
      SimKubeNodes.manual(kube, sim.fleet, "v1.34.1").round();

      assertThat(mirrorPods(kube)).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder(
          "kube-apiserver-cp-1", "kube-controller-manager-cp-1", "kube-scheduler-cp-1",
          "kube-apiserver-cp-2", "kube-controller-manager-cp-2", "kube-scheduler-cp-2");
      Pod api = pod(kube, "kube-apiserver-cp-2");
      assertThat(api.getMetadata().getLabels()).containsEntry("k8s-app", "kube-apiserver")
          .containsEntry("tier", "control-plane").containsEntry("component", "kube-apiserver");
      assertThat(api.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror");
      assertThat(api.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Node");
      assertThat(api.getSpec().getNodeName()).isEqualTo("cp-2");
      assertThat(api.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.k8s.io/kube-apiserver:v1.34.1");
      assertThat(pod(kube, "kube-scheduler-cp-1").getSpec().getContainers().get(0).getImage())
          .isEqualTo("registry.k8s.io/kube-scheduler:v1.34.1");
      assertThat(sim.fleet.node("cp-2").ready()).isTrue();
      assertThat(ready(api)).isEqualTo("True");
      assertThat(api.getStatus().getContainerStatuses().get(0).getImage()).isEqualTo(api.getSpec().getContainers()
          .get(0).getImage());
      assertThat(kube.admin().getKubernetesVersion().getGitVersion()).isEqualTo("v1.34.1");
    }
  }

  @Test
  void anApiServerImageChangeRestartsThePodThenVersionFollows() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1); SimKube kube = SimKube.start()) {
      SimKubeNodes follower = SimKubeNodes.manual(kube, sim.fleet, "v1.34.1");
      follower.round();
      GrpcTalosClient admin = sim.client("os:admin");
      SimulatedNode cp = sim.fleet.node("cp-1");

      ApplyResult r = admin.applyConfiguration(sim.direct("cp-1"), withClusterField(cp,
          "  apiServer:\n    image: registry.k8s.io/kube-apiserver:v1.35.0\n"), ApplyMode.AUTO, false, null);
      assertThat(r.mode()).isEqualTo(ApplyMode.NO_REBOOT);

      follower.round();
      Pod restarting = pod(kube, "kube-apiserver-cp-1");
      assertThat(restarting.getSpec().getContainers().get(0).getImage())
          .isEqualTo("registry.k8s.io/kube-apiserver:v1.35.0");
      assertThat(ready(restarting)).isEqualTo("False");
      assertThat(ready(pod(kube, "kube-scheduler-cp-1"))).isEqualTo("True"); // untouched
      assertThat(kube.admin().getKubernetesVersion().getGitVersion()).isEqualTo("v1.35.0");
      assertThat(kube.admin().getKubernetesVersion().getMinor()).isEqualTo("35");

      follower.round();
      assertThat(ready(pod(kube, "kube-apiserver-cp-1"))).isEqualTo("True");
    }
  }

  @Test
  void aControlPlaneThatIsDownHasPodsNotReadyAndALeavingOneLosesThem() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1); SimKube kube = SimKube.start()) {
      SimKubeNodes follower = SimKubeNodes.manual(kube, sim.fleet, "v1.34.1");
      follower.round();
      sim.fleet.node("cp-1").inject(Fault.parse("refuse"));
      follower.round();
      assertThat(mirrorPods(kube)).hasSize(3).allSatisfy(p -> assertThat(ready(p)).isEqualTo("False"));

      sim.fleet.node("cp-1").clear(Fault.Kind.REFUSE);
      sim.fleet.node("cp-1").inject(Fault.parse("wipe"));
      sim.clock.advance(java.time.Duration.ofSeconds(30));
      follower.round();
      assertThat(sim.fleet.node("cp-1").maintenance()).isTrue();
      assertThat(mirrorPods(kube)).isEmpty();
    }
  }
}
