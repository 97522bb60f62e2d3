package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.yaml.YamlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A new bundle as siderolabs/talos pkg/machinery/config/generate/secrets/bundle.go makes one, and
 * the admin client certificate of generate/talosconfig.go, with the key identifiers Go's
 * x509.CreateCertificate adds (subject key id on CAs, authority key id on what they sign).
 */
class SecretsGeneratorTest {
  static SecretsBundle bundle;

  @BeforeAll
  static void generate() {
    bundle = new SecretsGenerator().generate();
  }

  static X509Certificate cert(String b64) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
  }

  @Test
  void bundleRoundTripsThroughItsYaml() {
    String yaml = bundle.toYaml().reveal();
    SecretsBundle again = SecretsBundle.decode("talsecret.yaml", YamlReader.read("talsecret.yaml", yaml).orElseThrow());
    for (String k : SecretsBundle.REQUIRED) {
      assertThat(again.get(k)).as(k).isEqualTo(bundle.get(k)).isNotEmpty();
    }
    assertThat(bundle.get("secrets.bootstraptoken")).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
    assertThat(Base64.getDecoder().decode(bundle.get("secrets.secretboxencryptionsecret"))).hasSize(32);
  }

  @Test
  void everyCaHasASubjectKeyIdentifier() throws Exception {
    for (String ca : List.of("etcd", "k8s", "k8saggregator", "os")) {
      X509Certificate c = cert(bundle.get("certs." + ca + ".crt"));
      assertThat(c.getBasicConstraints()).as(ca).isGreaterThanOrEqualTo(0);
      assertThat(c.getExtensionValue(Extension.subjectKeyIdentifier.getId())).as(ca).isNotNull();
    }
  }

  /**
   * Go's x509.ParseECPrivateKey (what Talos and kube-apiserver read the EC CA keys with) needs the
   * named curve inside the SEC1 structure: without it, "x509: unknown elliptic curve".
   */
  @Test
  void ecCaKeysAreSec1WithTheirNamedCurveAndPublicKey() throws Exception {
    for (String ca : List.of("etcd", "k8s", "k8saggregator")) {
      String pem = new String(Base64.getDecoder().decode(bundle.get("certs." + ca + ".key")), StandardCharsets.US_ASCII);
      assertThat(pem).as(ca).startsWith("-----BEGIN EC PRIVATE KEY-----");
      try (var r = new org.bouncycastle.util.io.pem.PemReader(new java.io.StringReader(pem))) {
        var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(r.readPemObject().getContent());
        assertThat(sec1.getParametersObject()).as(ca).isEqualTo(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
        assertThat(sec1.getPublicKey()).as(ca).isNotNull();
        // the key is the certificate's: its public point is the one the CA certificate carries
        var certKey = (java.security.interfaces.ECPublicKey) cert(bundle.get("certs." + ca + ".crt")).getPublicKey();
        var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(certKey.getEncoded());
        assertThat(sec1.getPublicKey().getBytes()).as(ca).isEqualTo(spki.getPublicKeyData().getBytes());
      }
    }
  }

  @Test
  void genConfigClientCertificateIsSignedByTheOsCaWithItsKeyId() throws Exception {
    String tc = AdminTalosconfig.forGenConfig("lab", List.of(), bundle, Duration.ofDays(1)).reveal();
    String crt = tc.lines().filter(l -> l.startsWith("        crt: ")).findFirst().orElseThrow().substring(13);
    X509Certificate client = cert(crt);
    X509Certificate ca = cert(bundle.get("certs.os.crt"));
    client.verify(ca.getPublicKey());
    assertThat(client.getSubjectX500Principal().getName()).isEqualTo("O=os:admin");
    assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    byte[] aki = client.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    byte[] ski = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    assertThat(aki).isNotNull();
    // the AKI's keyIdentifier is the CA's SKI octets
    byte[] skiOctets = java.util.Arrays.copyOfRange(ski, 4, ski.length);
    assertThat(new String(aki, StandardCharsets.ISO_8859_1)).contains(new String(skiOctets, StandardCharsets.ISO_8859_1));
  }
}
