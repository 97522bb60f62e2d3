package dev.plumb.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.kube.NodeReadiness;
import dev.plumb.kube.PrunePlan;
import dev.plumb.observe.KubeImages;
import dev.plumb.observe.KubeLive;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.talos.MachineStage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kubernetes upgrade gates on hand-made Kubernetes views: evidence passes, anything else waits. */
class KubeUpgradeGatesTest {
  static LiveState live(List<KubeLive.StaticPod> pods, Map<String, NodeReadiness.Reading> nodes) {
    KubeLive k = new KubeLive(true, "", "v1.34.1", Map.of("cp-1", "cp-1.example"), nodes, pods, List.of(),
        new PrunePlan(List.of(), List.of()));
    return new LiveState("demo", Instant.EPOCH, List.of(), k);
  }

  static List<KubeLive.StaticPod> pods(String version, boolean ready) {
    return KubeUpgradeGates.COMPONENTS.stream().map(c -> new KubeLive.StaticPod("cp-1.example", c,
        "registry.k8s.io/" + c + ":" + version, ready)).toList();
  }

  @Test
  void staticPodsPassOnlyWhenAllThreeRunTheTargetAndAreReady() {
    assertThat(KubeUpgradeGates.staticPods("cp-1", "v1.34.1", live(pods("v1.34.1", true), Map.of())).state())
        .isEqualTo(GateResult.State.PASSED);
    GateResult old = KubeUpgradeGates.staticPods("cp-1", "v1.34.1", live(pods("v1.33.4", true), Map.of()));
    assertThat(old.state()).isEqualTo(GateResult.State.PENDING);
    assertThat(old.why()).contains("kube-apiserver runs registry.k8s.io/kube-apiserver:v1.33.4, waiting for v1.34.1");
    assertThat(KubeUpgradeGates.staticPods("cp-1", "v1.34.1", live(pods("v1.34.1", false), Map.of())).why())
        .contains("kube-scheduler v1.34.1 is not Ready");
    GateResult missing = KubeUpgradeGates.staticPods("cp-1", "v1.34.1", live(pods("v1.34.1", true).subList(0, 2),
        Map.of()));
    assertThat(missing.why()).isEqualTo("kube-scheduler has no mirror pod on cp-1.example yet");
    LiveState noApi = new LiveState("demo", Instant.EPOCH, List.of(), KubeLive.unknown("connection refused"));
    assertThat(KubeUpgradeGates.staticPods("cp-1", "v1.34.1", noApi).why()).contains("connection refused");
  }

  @Test
  void kubeletVersionNeedsTheVersionAndReady() {
    Map<String, NodeReadiness.Reading> ready = Map.of("cp-1.example",
        new NodeReadiness.Reading(NodeReadiness.State.READY, "Ready", "v1.34.1", false));
    assertThat(KubeUpgradeGates.kubelet("cp-1", "v1.34.1", live(List.of(), ready)).state())
        .isEqualTo(GateResult.State.PASSED);
    Map<String, NodeReadiness.Reading> old = Map.of("cp-1.example",
        new NodeReadiness.Reading(NodeReadiness.State.READY, "Ready", "v1.33.4", false));
    assertThat(KubeUpgradeGates.kubelet("cp-1", "v1.34.1", live(List.of(), old)).why())
        .isEqualTo("the Node reports kubelet v1.33.4, waiting for v1.34.1");
    Map<String, NodeReadiness.Reading> notReady = Map.of("cp-1.example",
        new NodeReadiness.Reading(NodeReadiness.State.NOT_READY, "Ready is False: KubeletNotReady", "v1.34.1", false));
    assertThat(KubeUpgradeGates.kubelet("cp-1", "v1.34.1", live(List.of(), notReady)).state())
        .isEqualTo(GateResult.State.PENDING);
    assertThat(KubeUpgradeGates.kubelet("cp-1", "v1.34.1", live(List.of(), Map.of())).why())
        .contains("unknown");
  }

  static final String DESIRED = "version: v1alpha1\nmachine:\n  type: controlplane\n  kubelet:\n"
      + "    image: ghcr.io/siderolabs/kubelet:v1.34.1\ncluster:\n  apiServer:\n"
      + "    image: registry.k8s.io/kube-apiserver:v1.34.1\n";

  static NodeLive running(String config) {
    return new NodeLive("cp-1", "10.0.0.1", Reach.UP, "sha-of-live", "v1.13.9", MachineStage.RUNNING, true, List.of(),
        true, true, "", Sensitive.of(config.getBytes(StandardCharsets.UTF_8)), "", NodeLive.KubeNode.READY);
  }

  @Test
  void aControlPlaneStepIsAppliedWhenTheNodeRunsTheDesiredConfigWithItsOldKubelet() {
    var n = new dev.plumb.render.NodeConfig("cp-1", List.of("10.0.0.1"), true, "cp-1.yaml",
        Sensitive.of(DESIRED.getBytes(StandardCharsets.UTF_8)), "sha-desired", List.of("v1alpha1"),
        "ghcr.io/siderolabs/installer:v1.13.9", "v1.13.9");
    String intermediate = DESIRED.replace("kubelet:v1.34.1", "kubelet:v1.33.4");
    String old = intermediate.replace("kube-apiserver:v1.34.1", "kube-apiserver:v1.33.4");
    assertThat(KubeUpgradeGates.intermediateApplied(n, running(intermediate)).state()).isEqualTo(GateResult.State.PASSED);
    assertThat(KubeUpgradeGates.intermediateApplied(n, running(old)).state()).isEqualTo(GateResult.State.PENDING);
    assertThat(KubeImages.of(KubeImages.withKubelet(DESIRED.getBytes(StandardCharsets.UTF_8),
        "ghcr.io/siderolabs/kubelet:v1.33.4", "v1.13.9"))).isEqualTo(new KubeImages(
        "ghcr.io/siderolabs/kubelet:v1.33.4", "registry.k8s.io/kube-apiserver:v1.34.1", "", "", ""));
  }

  @Test
  void talosBootstrapManifestSpecsAreReadAsTheirObjects() {
    String spec = "- apiVersion: apps/v1\n  kind: DaemonSet\n  metadata:\n    name: kube-proxy\n"
        + "    namespace: kube-system\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: kube-proxy\n"
        + "    namespace: kube-system\n";
    assertThat(KubeUpgradeStep.objects(spec)).extracting(o -> o.get("kind")).containsExactly("DaemonSet",
        "ServiceAccount");
    assertThat(KubeUpgradeStep.objects("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n")).hasSize(1);
  }
}
