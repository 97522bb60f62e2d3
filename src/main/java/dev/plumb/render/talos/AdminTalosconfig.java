package dev.plumb.render.talos;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.Sensitive;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The admin talosconfig of a rendered cluster, as talhelper writes it: context = cluster name,
 * endpoints = control-plane addresses, nodes = every address, and a fresh os:admin client
 * certificate (ExtKeyUsage exactly clientAuth) signed by the bundle's OS CA. Runtime material,
 * not render output: it changes on every call.
 */
public final class AdminTalosconfig {
  private AdminTalosconfig() {}

  public static Sensitive<String> create(ClusterDesired cluster, SecretsBundle secrets, Duration ttl) {
    return create(cluster, secrets.get("certs.os.crt"), secrets.get("certs.os.key"), ttl);
  }

  /** The same, from the cluster's OS CA carried in its desired state. */
  public static Sensitive<String> create(ClusterDesired cluster, Duration ttl) {
    return create(cluster, cluster.osCa().crt().reveal(), cluster.osCa().key().reveal(), ttl);
  }

  private static Sensitive<String> create(ClusterDesired cluster, String caB64, String caKeyB64, Duration ttl) {
    List<String> endpoints = new ArrayList<>();
    List<String> nodes = new ArrayList<>();
    for (NodeConfig n : cluster.nodes()) {
      if (n.controlPlane()) {
        endpoints.addAll(n.addresses());
      }
      nodes.addAll(n.addresses());
    }
    String[] cert = clientCert(cluster.name(), caB64, caKeyB64, ttl);
    StringBuilder sb = new StringBuilder("context: " + cluster.name() + "\ncontexts:\n  " + cluster.name() + ":\n");
    sb.append("    endpoints:\n");
    endpoints.forEach(e -> sb.append("      - ").append(e).append('\n'));
    sb.append("    nodes:\n");
    nodes.forEach(e -> sb.append("      - ").append(e).append('\n'));
    sb.append("    ca: ").append(caB64).append('\n');
    sb.append("    crt: ").append(cert[0]).append('\n');
    sb.append("    key: ").append(cert[1]).append('\n');
    return Sensitive.of(sb.toString());
  }

  /**
   * The talosconfig {@code talosctl gen config} writes (generate/talosconfig.go, marshalled by
   * yaml.v3 with its 4-space indent): one context named after the cluster, the given endpoints
   * ({@code []} when none), no nodes, and an os:admin certificate.
   */
  public static Sensitive<String> forGenConfig(String context, List<String> endpoints, SecretsBundle secrets,
      Duration ttl) {
    String ca = secrets.get("certs.os.crt");
    String[] cert = clientCert(context, ca, secrets.get("certs.os.key"), ttl);
    StringBuilder sb = new StringBuilder("context: " + context + "\ncontexts:\n    " + context + ":\n");
    if (endpoints.isEmpty()) {
      sb.append("        endpoints: []\n");
    } else {
      sb.append("        endpoints:\n");
      endpoints.forEach(e -> sb.append("            - ").append(e).append('\n'));
    }
    sb.append("        ca: ").append(ca).append('\n');
    sb.append("        crt: ").append(cert[0]).append('\n');
    sb.append("        key: ").append(cert[1]).append('\n');
    return Sensitive.of(sb.toString());
  }

  /** A fresh os:admin client certificate and key (base64 PEM), ExtKeyUsage exactly clientAuth. */
  private static String[] clientCert(String name, String caB64, String caKeyB64, Duration ttl) {
    try {
      String caPem = new String(Base64.getDecoder().decode(caB64), StandardCharsets.US_ASCII);
      String caKeyPem = new String(Base64.getDecoder().decode(caKeyB64), StandardCharsets.US_ASCII);
      X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
      PemObject keyObj = new PemReader(new StringReader(caKeyPem)).readPemObject();
      PrivateKey caKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(keyObj.getContent()));
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      Instant now = Instant.now();
      var b = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
          new BigInteger(127, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(ttl)), new X500Name("O=os:admin"), kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      // as Go does: the authority key identifier is the CA's subject key identifier, when it has one
      byte[] ski = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
      if (ski != null) {
        b.addExtension(Extension.authorityKeyIdentifier, false,
            new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
      }
      X509Certificate crt = new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("Ed25519").build(caKey)));
      return new String[] {b64(pem(crt)), b64(pem(new PemObject("ED25519 PRIVATE KEY", kp.getPrivate().getEncoded())))};
    } catch (Exception e) {
      throw new PlumbException("cannot create the admin talosconfig of " + name + ": " + e.getMessage(), e);
    }
  }

  private static String pem(Object o) throws java.io.IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
