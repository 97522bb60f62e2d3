package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against simulated nodes over Netty with Ed25519 mutual TLS on loopback. */
class MutualTlsIT {
  static SimHarness sim;

  @BeforeAll
  static void start() {
    sim = SimHarness.preconfigured(3, 1);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void adminReadsVersionConfigAndStatusOverMutualTls() {
    TalosClient c = sim.client("os:admin");
    NodeVersion v = c.version(sim.direct("cp-1"));
    assertThat(v.tag()).isEqualTo("v1.13.9");
    assertThat(v.maintenance()).isFalse();
    String cfg = new String(c.machineConfig(sim.direct("worker-1")), StandardCharsets.UTF_8);
    assertThat(cfg).contains("type: worker").contains("kind: HostnameConfig");
    assertThat(c.machineStatus(sim.direct("cp-1")).up()).isTrue();
    assertThat(c.hostname(sim.direct("worker-2"))).isEqualTo("worker-2");
    assertThat(c.services(sim.direct("cp-1"))).extracting(ServiceStatus::id).contains("etcd", "kubelet", "apid");
    assertThat(c.services(sim.direct("cp-1"))).allMatch(ServiceStatus::runningAndHealthy);
  }

  @Test
  void readsKubernetesNodeStatusAndHardwareIdentityAsYaml() {
    TalosClient c = sim.client("os:reader");
    assertThat(c.resourceYaml(sim.direct("worker-1"), "k8s", "NodeStatuses.kubernetes.talos.dev", "worker-1"))
        .contains("nodename: worker-1", "nodeReady: true");
    assertThat(c.resourceYaml(sim.direct("worker-1"), "hardware", "SystemInformations.hardware.talos.dev",
        "systeminformation")).contains("uuid: " + sim.fleet.node("worker-1").hardwareUuid());
    assertThatThrownBy(() -> c.resourceYaml(sim.direct("worker-1"), "k8s", "NodeStatuses.kubernetes.talos.dev", "nope"))
        .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.NOT_FOUND));
  }

  @Test
  void reachesNodesThroughAnEndpointWithNodeMetadata() {
    TalosClient c = sim.client("os:admin");
    assertThat(c.hostname(sim.via("cp-1", "worker-2"))).isEqualTo("worker-2");
    assertThat(new String(c.machineConfig(sim.via("cp-1", "worker-1")), StandardCharsets.UTF_8))
        .contains("hostname: worker-1");
  }

  @Test
  void anotherClustersCaIsRejectedBothWays() {
    SimPki.KeyedCert otherCa = SimPki.ca("talos", Duration.ofDays(1));
    SimPki.KeyedCert otherClient = SimPki.client(otherCa, List.of("os:admin"));
    // trusts the wrong CA: the node's certificate does not verify
    try (var c = new GrpcTalosClient(TalosChannels.forIdentity(List.of(otherCa.cert()), otherClient.key(),
        List.of(otherClient.cert())), SimHarness.timeouts())) {
      assertThatThrownBy(() -> c.version(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.TLS))
          .hasMessageContaining("not signed by the talosconfig CA");
    }
    // trusts the right CA but presents a certificate from another CA: the node refuses it
    SimPki.KeyedCert ca = sim.fleet.clusterCa().orElseThrow();
    try (var c = new GrpcTalosClient(TalosChannels.forIdentity(List.of(ca.cert()), otherClient.key(),
        List.of(otherClient.cert())), SimHarness.timeouts())) {
      assertThatThrownBy(() -> c.version(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.TLS))
          .hasMessageContaining("rejected the client certificate");
    }
  }

  @Test
  void aClientCertificateWithServerAuthTooIsRejectedAsTalosDoes() {
    SimPki.KeyedCert ca = sim.fleet.clusterCa().orElseThrow();
    SimPki.KeyedCert both = SimPki.client(ca, List.of("os:admin"),
        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    try (var c = new GrpcTalosClient(TalosChannels.forIdentity(List.of(ca.cert()), both.key(),
        List.of(both.cert())), SimHarness.timeouts())) {
      assertThatThrownBy(() -> c.version(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.TLS));
    }
  }

  @Test
  void aReaderIsRefusedTheSensitiveConfigWithTheRoleNamed() {
    TalosClient reader = sim.client("os:reader");
    assertThat(reader.version(sim.direct("worker-1")).tag()).isEqualTo("v1.13.9");
    assertThatThrownBy(() -> reader.machineConfig(sim.direct("worker-1")))
        .isInstanceOfSatisfying(TalosException.class,
            e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PERMISSION_DENIED))
        .hasMessageContaining("cosi.resource.State/Get").hasMessageContaining("os:admin");
    assertThatThrownBy(() -> reader.reboot(sim.direct("worker-1"), RebootMode.DEFAULT))
        .hasMessageContaining("permission denied").hasMessageContaining("os:admin or os:operator");
    assertThat(sim.fleet.record().events()).noneMatch(e -> e.node().equals("worker-1")
        && e.type() == dev.plumb.sim.SimRecord.Type.REBOOT);
  }

  @Test
  void kubeconfigComesFromAControlPlaneAsATarredFile() {
    TalosClient c = sim.client("os:admin");
    String kc = new String(c.kubeconfig(sim.direct("cp-1")), StandardCharsets.UTF_8);
    assertThat(kc).contains("kind: Config").contains("server: https://" + sim.fleet.node("cp-1").address() + ":6443");
    assertThatThrownBy(() -> c.kubeconfig(sim.direct("worker-1")))
        .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.UNIMPLEMENTED));
  }

  @Test
  void etcdMembersAreTheBootstrappedControlPlanes() {
    TalosClient c = sim.client("os:reader");
    List<EtcdMember> members = c.etcdMembers(sim.direct("cp-1"));
    assertThat(members).extracting(EtcdMember::hostname).containsExactly("cp-1");
    assertThat(members.get(0).hexId()).hasSize(16);
    assertThat(c.etcdStatus(sim.direct("cp-1")).healthy()).isTrue();
    assertThatThrownBy(() -> c.etcdMembers(sim.direct("worker-1"))).hasMessageContaining("only available on control plane");
  }
}
