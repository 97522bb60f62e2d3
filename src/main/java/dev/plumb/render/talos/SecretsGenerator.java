package dev.plumb.render.talos;

import dev.plumb.fleet.PlumbException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A new Talos secrets bundle, as {@code talosctl gen secrets} / {@code talhelper gensecret} make
 * one: Ed25519 OS CA, ECDSA P-256 Kubernetes, aggregator and etcd CAs, an RSA service-account
 * key, random tokens and encryption secrets. Only ever called on request ({@code plumb
 * gensecret}); rendering never generates secrets.
 */
public final class SecretsGenerator {
  private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private final SecureRandom random = new SecureRandom();

  public SecretsBundle generate() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("cluster.id", b64(bytes(32)));
    v.put("cluster.secret", b64(bytes(32)));
    v.put("secrets.bootstraptoken", token(6) + "." + token(16));
    v.put("secrets.secretboxencryptionsecret", b64(bytes(32)));
    v.put("trustdinfo.token", token(6) + "." + token(16));
    ca(v, "certs.etcd", "etcd", "EC");
    ca(v, "certs.k8s", "kubernetes", "EC");
    ca(v, "certs.k8saggregator", "", "EC");
    ca(v, "certs.os", "talos", "Ed25519");
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(4096, random);
      v.put("certs.k8sserviceaccount.key", b64(pem(g.generateKeyPair().getPrivate(), "RSA PRIVATE KEY")));
    } catch (Exception e) {
      throw new PlumbException("cannot generate the service account key", e);
    }
    return SecretsBundle.of(v);
  }

  private void ca(Map<String, String> v, String prefix, String org, String alg) {
    try {
      KeyPair kp;
      if (alg.equals("EC")) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        kp = g.generateKeyPair();
      } else {
        kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
      X500Name name = new X500Name(org.isEmpty() ? "CN=front-proxy" : "O=" + org);
      Instant now = Instant.now();
      var b = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random).add(BigInteger.ONE),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
      // Go's x509.CreateCertificate gives every CA a subject key identifier; OpenSSL-based clients need it
      b.addExtension(Extension.subjectKeyIdentifier, false,
          new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils().createSubjectKeyIdentifier(kp.getPublic()));
      String sigAlg = alg.equals("EC") ? "SHA256withECDSA" : "Ed25519";
      X509Certificate cert = new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate())));
      v.put(prefix + ".crt", b64(pem(cert, null)));
      v.put(prefix + ".key", b64(alg.equals("EC") ? ecPem(kp) : pem(kp.getPrivate(), "ED25519 PRIVATE KEY")));
    } catch (Exception e) {
      throw new PlumbException("cannot generate the " + prefix + " CA", e);
    }
  }

  /**
   * An EC key as Go's x509.MarshalECPrivateKey writes it: SEC1 with the named curve and the public
   * key inside. Go refuses a SEC1 key without its curve ("x509: unknown elliptic curve"), and the
   * JDK's PKCS#8 encoding keeps the curve outside the SEC1 structure, so it is put back here.
   */
  private static byte[] ecPem(KeyPair kp) throws java.io.IOException {
    var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
    var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    var curve = info.getPrivateKeyAlgorithm().getParameters();
    var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
    var full = new org.bouncycastle.asn1.sec.ECPrivateKey(256, sec1.getKey(), spki.getPublicKeyData(), curve);
    return pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", full.getEncoded()), null);
  }

  private static byte[] pem(Object o, String label) throws java.io.IOException {
    java.io.StringWriter w = new java.io.StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      if (o instanceof PrivateKey k && "ED25519 PRIVATE KEY".equals(label)) {
        pw.writeObject(new org.bouncycastle.util.io.pem.PemObject(label, k.getEncoded()));
      } else {
        pw.writeObject(o);
      }
    }
    return w.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private String token(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
    }
    return sb.toString();
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
