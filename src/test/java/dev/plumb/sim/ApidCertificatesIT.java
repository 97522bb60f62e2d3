package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.Pem;
import dev.plumb.talos.RebootMode;
import dev.plumb.talos.TalosException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

/**
 * apid's certificates on the wire: made as Talos makes them, swapped live when the config changes
 * (new handshakes see the new ones, the apply gets its answer), client certificates accepted from
 * machine.acceptedCAs too, every Organization value a role, and the CA key read as Talos reads it.
 */
class ApidCertificatesIT {

  private static byte[] config(SimulatedNode n) {
    return n.activeConfig().orElseThrow().raw();
  }

  private static byte[] replace(byte[] cfg, String from, String to) {
    String s = new String(cfg, StandardCharsets.UTF_8);
    assertThat(s).contains(from);
    return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCertSansChangeIsServedToNewConnectionsWithoutCuttingTheApply() throws Exception {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      SimulatedNode cp = sim.fleet.node("cp-1");
      GrpcTalosClient admin = sim.client("os:admin");
      assertThat(admin.version(sim.direct("cp-1")).tag()).isEqualTo("v1.13.9"); // an open connection
      assertThat(TlsProbe.sans(TlsProbe.serverCertificate(cp.address(), sim.fleet.port())))
          .doesNotContain("api.example.org");

      ApplyResult r = admin.applyConfiguration(sim.direct("cp-1"), replace(config(cp), "certSANs: []",
          "certSANs:\n    - api.example.org\n    - 10.9.8.7"), ApplyMode.AUTO, false, null);

      assertThat(r.mode()).isEqualTo(ApplyMode.NO_REBOOT);
      X509Certificate now = TlsProbe.serverCertificate(cp.address(), sim.fleet.port());
      assertThat(TlsProbe.sans(now)).containsExactly("api.example.org", "cp-1", "10.9.8.7", cp.address());
      assertThat(admin.version(sim.direct("cp-1")).tag()).isEqualTo("v1.13.9");
      assertThat(sim.fleet.record().events()).noneMatch(e -> e.type() == SimRecord.Type.DOWN);
    }
  }

  @Test
  void clientCertificatesFromAcceptedCasAreAcceptedThenTheIssuingCaRotates() throws Exception {
    try (SimHarness sim = SimHarness.preconfigured(1, 1)) {
      SimulatedNode cp = sim.fleet.node("cp-1");
      SimPki.KeyedCert oldCa = sim.fleet.clusterCa().orElseThrow();
      SimPki.KeyedCert newCa = SimPki.ca("talos", Duration.ofDays(3650));
      GrpcTalosClient admin = sim.client("os:admin");
      GrpcTalosClient newClient = TlsProbe.client(sim, oldCa, newCa, "os:admin");
      assertThatThrownBy(() -> newClient.version(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.TLS));

      // step 1 of a rotation: the new CA is accepted, the old one still issues
      String accepted = "  acceptedCAs:\n    - crt: " + b64(Pem.encode(newCa.cert())) + "\n  certSANs: []";
      admin.applyConfiguration(sim.direct("cp-1"), replace(config(cp), "  certSANs: []", accepted),
          ApplyMode.NO_REBOOT, false, null);
      GrpcTalosClient again = TlsProbe.client(sim, oldCa, newCa, "os:admin");
      assertThat(again.version(sim.direct("cp-1")).tag()).isEqualTo("v1.13.9");

      // step 2: the new CA issues, the old one is only accepted
      String crt = b64(Pem.encode(newCa.cert()));
      String swapped = new String(config(cp), StandardCharsets.UTF_8)
          .replace(b64(Pem.encode(oldCa.cert())), crt)
          .replace(b64(Pem.encode(oldCa.key())), b64(Pem.encode(newCa.key())))
          .replace("    - crt: " + crt, "    - crt: " + b64(Pem.encode(oldCa.cert())));
      admin.applyConfiguration(sim.direct("cp-1"), swapped.getBytes(StandardCharsets.UTF_8),
          ApplyMode.NO_REBOOT, false, null);
      X509Certificate served = TlsProbe.serverCertificate(cp.address(), sim.fleet.port());
      served.verify(newCa.cert().getPublicKey());
      GrpcTalosClient oldIdentityNewTrust = TlsProbe.client(sim, newCa, oldCa, "os:reader");
      assertThat(oldIdentityNewTrust.version(sim.direct("cp-1")).tag()).isEqualTo("v1.13.9");
    }
  }

  @Test
  void everyOrganizationOfAMultiValuedRdnIsARole() {
    try (SimHarness sim = SimHarness.preconfigured(1, 1)) {
      SimPki.KeyedCert ca = sim.fleet.clusterCa().orElseThrow();
      SimPki.KeyedCert cert = SimPki.client(ca, List.of("os:reader", "os:etcd:backup"));
      // Go writes both values into one RDN, as talosctl's certificates have them
      assertThat(cert.cert().getSubjectX500Principal().getName()).matches("O=os:[a-z:]+\\+O=os:[a-z:]+");
      assertThat(Caller.roles(cert.cert())).containsExactlyInAnyOrder("os:reader", "os:etcd:backup");
      GrpcTalosClient c = TlsProbe.client(sim, ca, ca, "os:reader", "os:etcd:backup");
      assertThat(c.version(sim.direct("cp-1")).tag()).isEqualTo("v1.13.9"); // os:reader
      assertThat(c.etcdStatus(sim.direct("cp-1")).healthy()).isTrue(); // os:reader or os:etcd:backup
      assertThatThrownBy(() -> c.reboot(sim.direct("cp-1"), RebootMode.DEFAULT))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PERMISSION_DENIED));
    }
  }

  @Test
  void serverCertificatesAreIssuedAsTalosIssuesThem() throws Exception {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      SimPki.KeyedCert ca = sim.fleet.clusterCa().orElseThrow();
      for (String name : List.of("cp-1", "worker-1")) {
        SimulatedNode n = sim.fleet.node(name);
        X509Certificate c = TlsProbe.serverCertificate(n.address(), sim.fleet.port());
        c.verify(ca.cert().getPublicKey());
        assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
        assertThat(TlsProbe.sans(c)).as(name).containsExactly(name, n.address()); // no 127.0.0.1: not a node address
        assertThat(c.getExtendedKeyUsage()).as(name).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(c.getKeyUsage()[0]).isTrue(); // digitalSignature
        byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
            c.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
            ca.cert().getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        assertThat(aki).isEqualTo(ski);
      }
    }
  }

  @Test
  void theMaintenanceCertificateComesFromAFreshCaEveryBoot() throws Exception {
    try (SimHarness sim = SimHarness.maintenance(1, 0)) {
      SimulatedNode n = sim.fleet.node("worker-1");
      X509Certificate first = TlsProbe.serverCertificate(n.address(), sim.fleet.port());
      assertThat(first.getSubjectX500Principal().getName()).isEqualTo("CN=maintenance-service.talos.dev");
      assertThat(first.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
      assertThat(TlsProbe.serverCertificate(n.address(), sim.fleet.port())).isEqualTo(first);
      n.reboot("test");
      sim.rebootAndBoot();
      X509Certificate second = TlsProbe.serverCertificate(n.address(), sim.fleet.port());
      assertThat(second.getIssuerX500Principal()).isEqualTo(first.getIssuerX500Principal());
      assertThat(aki(second)).isNotEqualTo(aki(first));
    }
  }

  private static byte[] aki(X509Certificate c) {
    return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
        c.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
  }

  @Test
  void aCaKeyUnderALabelTalosDoesNotReadKeepsApidDownAfterTheReboot() throws Exception {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      SimulatedNode cp = sim.fleet.node("cp-1");
      SimPki.KeyedCert ca = sim.fleet.clusterCa().orElseThrow();
      GrpcTalosClient admin = sim.client("os:admin");
      String talosKey = Pem.encode(ca.key());
      assertThat(talosKey).startsWith("-----BEGIN ED25519 PRIVATE KEY-----");
      byte[] pkcs8Label = replace(config(cp), b64(talosKey), b64(talosKey.replace("ED25519 PRIVATE KEY", "PRIVATE KEY")));
      admin.applyConfiguration(sim.direct("cp-1"), pkcs8Label, ApplyMode.NO_REBOOT, false, null);
      // the controller fails, apid keeps the certificate it has
      assertThat(admin.version(sim.direct("cp-1")).tag()).isEqualTo("v1.13.9");
      admin.reboot(sim.direct("cp-1"), RebootMode.DEFAULT);
      sim.rebootAndBoot();
      assertThat(cp.up()).isFalse();
      assertThat(cp.apid().waitingFor()).isEqualTo("failed to parse CA certificate: unsupported key type: \"PRIVATE KEY\"");
      assertThatThrownBy(() -> admin.version(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.UNREACHABLE));
    }
  }
}
