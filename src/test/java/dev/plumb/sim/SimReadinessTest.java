package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.talos.MachineStage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Readiness as siderolabs/talos internal/app/machined/pkg/controllers/runtime/machine_status.go
 * computes it: checks only in booting/running; servicesCheck "<id> not running"/"<id> not healthy"
 * joined by ", " with apid, machined, kubelet (+ etcd, trustd on control planes) required;
 * nodeReadyCheck "node %q status is not available yet" / "node %q is not ready".
 */
class SimReadinessTest {
  private static final List<SimService> HEALTHY = List.of(svc("machined"), svc("apid"), svc("kubelet"));

  private static SimService svc(String id) {
    return new SimService(id, "Running", true, "");
  }

  private static List<String> names(List<String[]> unmet) {
    return unmet.stream().map(u -> u[0] + ": " + u[1]).toList();
  }

  @Test
  void noChecksOutsideBootingAndRunningSoReadyIsTrue() {
    for (MachineStage s : List.of(MachineStage.MAINTENANCE, MachineStage.REBOOTING, MachineStage.UPGRADING)) {
      assertThat(SimReadiness.unmet(s, false, List.of(), Optional.of("w1"), false, false)).as(s.name()).isEmpty();
    }
  }

  @Test
  void servicesAreReportedInIdOrderAndRequiredOnesMustRun() {
    List<SimService> svcs = List.of(svc("machined"), new SimService("kubelet", "Running", false, ""),
        new SimService("cri", "Waiting", false, ""), svc("apid"));
    assertThat(SimReadiness.servicesProblem(svcs, List.of("apid", "machined", "kubelet", "etcd", "trustd")))
        .isEqualTo("cri not running, kubelet not healthy, etcd not running, trustd not running");
  }

  @Test
  void theKubernetesNodeMustBeReady() {
    assertThat(names(SimReadiness.unmet(MachineStage.RUNNING, false, HEALTHY, Optional.of("w1"), false, false)))
        .containsExactly("nodeReady: node \"w1\" status is not available yet");
    assertThat(names(SimReadiness.unmet(MachineStage.RUNNING, false, HEALTHY, Optional.of("w1"), true, false)))
        .containsExactly("nodeReady: node \"w1\" is not ready");
    assertThat(SimReadiness.unmet(MachineStage.RUNNING, false, HEALTHY, Optional.of("w1"), true, true)).isEmpty();
    // no Nodename yet: the check is skipped
    assertThat(SimReadiness.unmet(MachineStage.BOOTING, false, HEALTHY, Optional.empty(), false, false)).isEmpty();
  }

  @Test
  void aClusterWithCniNoneHasNoCni() {
    assertThat(SimReadiness.hasCni(view("cluster: {network: {cni: {name: none}}}"))).isFalse();
    assertThat(SimReadiness.hasCni(view("cluster: {network: {cni: {name: flannel}}}"))).isTrue();
    assertThat(SimReadiness.hasCni(view("cluster: {network: {}}"))).isTrue();
  }

  @Test
  void schematicIdComesFromAnImageFactoryInstaller() {
    String id = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";
    assertThat(SimHostResources.schematicId("factory.talos.dev/installer/" + id + ":v1.13.9")).contains(id);
    assertThat(SimHostResources.schematicId("factory.talos.dev/metal-installer/" + id + ":v1.13.9")).contains(id);
    assertThat(SimHostResources.schematicId("ghcr.io/siderolabs/installer:v1.13.9")).isEmpty();
  }

  private static MachineConfigView view(String cluster) {
    return MachineConfigView.parse(("version: v1alpha1\nmachine: {type: worker}\n" + cluster + "\n")
        .getBytes(StandardCharsets.UTF_8));
  }
}
