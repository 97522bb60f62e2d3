package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.Pem;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

/** The three key encodings Talos reads for a CA, and the lenient ones it refuses. */
class SimCaKeyTest {

  private static String openSsl(Object key) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(key); // RSA: PKCS#1 "RSA PRIVATE KEY"; EC: SEC1 "EC PRIVATE KEY" (curve only if the key has it)
    }
    return w.toString();
  }

  @Test
  void readsPkcs1RsaSec1EcAndPkcs8Ed25519UnderTheirLabels() throws Exception {
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(2048);
    KeyPair rsa = rsaGen.generateKeyPair();
    KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
    ecGen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ec = ecGen.generateKeyPair();
    KeyPair ed = SimPki.ed25519();

    assertThat(openSsl(rsa.getPrivate())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(SimCaKey.parse(openSsl(rsa.getPrivate())).getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
    var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
        ((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS(),
        new org.bouncycastle.asn1.x9.X962Parameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1));
    assertThat(((java.security.interfaces.ECPrivateKey) SimCaKey.parse(Pem.encode("EC PRIVATE KEY", sec1.getEncoded())))
        .getS()).isEqualTo(((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS());
    assertThat(SimCaKey.parse(Pem.encode(ed.getPrivate())).getEncoded()).isEqualTo(ed.getPrivate().getEncoded());
  }

  @Test
  void refusesWhatGoRefuses() throws Exception {
    KeyPair ed = SimPki.ed25519();
    String pkcs8 = Pem.encode("PRIVATE KEY", ed.getPrivate().getEncoded());
    assertThatThrownBy(() -> SimCaKey.parse(pkcs8)).hasMessage("unsupported key type: \"PRIVATE KEY\"");
    // the right label over the wrong encoding: PKCS#8 where PKCS#1 belongs
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(2048);
    String mislabelled = Pem.encode("RSA PRIVATE KEY", rsaGen.generateKeyPair().getPrivate().getEncoded());
    assertThatThrownBy(() -> SimCaKey.parse(mislabelled)).hasMessageStartingWith("failed to parse RSA key:");
    // an EC key under the Ed25519 label
    KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
    ecGen.initialize(new ECGenParameterSpec("secp256r1"));
    String ecAsEd = Pem.encode("ED25519 PRIVATE KEY", ecGen.generateKeyPair().getPrivate().getEncoded());
    assertThatThrownBy(() -> SimCaKey.parse(ecAsEd)).hasMessageStartingWith("failed to parse Ed25519 key:");
    assertThatThrownBy(() -> SimCaKey.parse("")).hasMessage("failed to parse PEM block");
    // a SEC1 key that names no curve (what BouncyCastle's PEM writer makes of a JDK EC key)
    KeyPair jdkEc = ecGen.generateKeyPair();
    assertThat(openSsl(jdkEc.getPrivate())).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThatThrownBy(() -> SimCaKey.parse(openSsl(jdkEc.getPrivate())))
        .hasMessage("failed to parse EC key: x509: unknown elliptic curve");
    // only the first block counts, as pem.Decode reads it
    String certFirst = Pem.encode(SimPki.ca("talos", java.time.Duration.ofDays(1)).cert()) + Pem.encode(ed.getPrivate());
    assertThatThrownBy(() -> SimCaKey.parse(certFirst)).hasMessage("unsupported key type: \"CERTIFICATE\"");
  }
}
