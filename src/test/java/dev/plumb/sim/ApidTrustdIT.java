package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A worker's apid certificate comes from trustd on a control plane (controllers/secrets/api.go
 * generateWorker): until one answers at cluster.controlPlane.endpoint, apid on the worker is not
 * up; once one does, the worker serves mutual TLS with a certificate that control plane signed.
 */
class ApidTrustdIT {
  private static final String IMAGE = "ghcr.io/siderolabs/installer:v1.13.9";

  @Test
  void aWorkerProvisionedBeforeAnyControlPlaneServesMutualTlsOnlyOnceTrustdAnswers() throws Exception {
    try (SimHarness sim = SimHarness.maintenance(2, 1)) {
      SimulatedNode cp = sim.fleet.node("cp-1");
      SimulatedNode worker = sim.fleet.node("worker-1");
      SimPki.KeyedCert ca = SimPki.ca("talos", Duration.ofDays(3650));
      String endpoint = "https://" + cp.address() + ":6443";
      GrpcTalosClient insecure = sim.insecureClient();
      insecure.applyConfiguration(sim.maintenance("worker-1"),
          SimConfigs.node("lab", "worker-1", false, ca, endpoint, IMAGE), ApplyMode.AUTO, false, null);
      sim.rebootAndBoot();

      assertThat(worker.maintenance()).isFalse();
      assertThat(worker.up()).isFalse();
      assertThat(worker.apid().waitingFor())
          .isEqualTo("failed to sign API server CSR: no trustd answers at " + cp.address() + ":50001");
      GrpcTalosClient admin = TlsProbe.client(sim, ca, ca, "os:admin");
      assertThatThrownBy(() -> admin.version(sim.direct("worker-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.UNREACHABLE));

      insecure.applyConfiguration(sim.maintenance("cp-1"),
          SimConfigs.node("lab", "cp-1", true, ca, endpoint, IMAGE), ApplyMode.AUTO, false, null);
      sim.rebootAndBoot();

      assertThat(worker.up()).isTrue();
      assertThat(worker.apid().waitingFor()).isEmpty();
      assertThat(admin.version(sim.direct("worker-1")).maintenance()).isFalse();
      X509Certificate served = TlsProbe.serverCertificate(worker.address(), sim.fleet.port());
      served.verify(ca.cert().getPublicKey());
      assertThat(served.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }
  }

  @Test
  void anEndpointThatIsNoNodeReachesAControlPlaneButAWrongTokenIsRefused() {
    try (SimHarness sim = SimHarness.preconfigured(3, 1)) {
      SimulatedNode w1 = sim.fleet.node("worker-1");
      SimulatedNode w2 = sim.fleet.node("worker-2");
      GrpcTalosClient admin = sim.client("os:admin");
      String cfg = new String(w1.activeConfig().orElseThrow().raw(), StandardCharsets.UTF_8);
      String vip = cfg.replaceAll("endpoint: https://[0-9.]+:6443", "endpoint: https://10.99.0.1:6443");
      assertThat(vip).contains("https://10.99.0.1:6443");
      admin.applyConfiguration(sim.direct("worker-1"), vip.getBytes(StandardCharsets.UTF_8), ApplyMode.AUTO, false, null);
      String wrongToken = new String(w2.activeConfig().orElseThrow().raw(), StandardCharsets.UTF_8)
          .replace("token: simtkn.0123456789abcdef", "token: other0.0123456789abcdef");
      admin.applyConfiguration(sim.direct("worker-2"), wrongToken.getBytes(StandardCharsets.UTF_8), ApplyMode.STAGED,
          false, null);
      w1.reboot("test");
      w2.reboot("test");
      sim.rebootAndBoot();

      assertThat(admin.version(sim.direct("worker-1")).tag()).isEqualTo("v1.13.9");
      assertThat(w2.up()).isFalse();
      assertThat(w2.apid().waitingFor()).contains("Unauthenticated").doesNotContain("other0");
    }
  }
}
