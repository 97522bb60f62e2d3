package dev.plumb.sim;

import dev.plumb.fleet.PlumbException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Ed25519 certificates with Talos's profiles (siderolabs/crypto x509, issued through Go's
 * crypto/x509): the OS CA (O=talos, 10 years), apid server certificates (subject CN = the node's
 * FQDN, SANs = its addresses and names, controllers/secrets/api.go), the maintenance CA and
 * certificate (controllers/secrets/maintenance*.go), and client certificates whose Organization
 * values are the roles and whose ExtKeyUsage is exactly clientAuth. As Go's CreateCertificate does,
 * a CA carries a subject key identifier and every certificate it signs names it as authority key
 * identifier, so that OpenSSL, BoringSSL and Go find the issuer without guessing.
 */
public final class SimPki {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JcaX509ExtensionUtils EXT = extensionUtils();

  private SimPki() {}

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils(); // SHA-1 of the key bits, RFC 5280 method 1, as Go computes it
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate with its private key. */
  public record KeyedCert(X509Certificate cert, PrivateKey key) {
    @Override
    public String toString() {
      return "KeyedCert[" + cert.getSubjectX500Principal() + "]";
    }
  }

  public static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new PlumbException("Ed25519 is not available in this JDK", e);
    }
  }

  /** A self-signed CA with Subject O={@code org}, like Talos's OS CA (generate/secrets: NewTalosCA). */
  public static KeyedCert ca(String org, Duration validity) {
    return ca(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, org).build(), validity);
  }

  /**
   * The maintenance CA, a new one on every boot. Talos makes it with
   * x509.NewSelfSignedCertificateAuthority() and default options, so with no Organization; Go then
   * writes an empty subject, which BouncyCastle refuses to sign with, so this one keeps O=talos.
   */
  public static KeyedCert maintenanceCa() {
    return ca("talos", Duration.ofDays(365));
  }

  private static KeyedCert ca(X500Name name, Duration validity) {
    KeyPair kp = ed25519();
    try {
      X509v3CertificateBuilder b = builder(name, name, kp, validity);
      b.addExtension(Extension.subjectKeyIdentifier, false, EXT.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      return new KeyedCert(sign(b, kp.getPrivate()), kp.getPrivate());
    } catch (Exception e) {
      throw new PlumbException("cannot create CA certificate", e);
    }
  }

  /**
   * An apid server certificate: subject CN = {@code fqdn} and nothing else, SANs = the given IPs and
   * DNS names, KeyUsage digitalSignature, ExtKeyUsage {@code usages}, serverAuth when none are
   * given (controllers/secrets/api.go and trustd sign apid certificates for serverAuth only).
   */
  public static KeyedCert server(KeyedCert ca, String fqdn, List<String> ips, List<String> dnsNames,
      KeyPurposeId... usages) {
    KeyPair kp = ed25519();
    List<GeneralName> sans = new ArrayList<>();
    try {
      // Go's marshalSANs writes DNS names before IP addresses
      for (String dns : dnsNames) {
        sans.add(new GeneralName(GeneralName.dNSName, dns));
      }
      for (String ip : ips) {
        sans.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(ip).getHostAddress()));
      }
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, fqdn).build();
      X509v3CertificateBuilder b = builder(issuer(ca), subject, kp, Duration.ofDays(365));
      authorityKeyId(b, ca);
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages.length > 0 ? usages
          : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}));
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(sans.toArray(GeneralName[]::new)));
      return new KeyedCert(sign(b, ca.key()), kp.getPrivate());
    } catch (Exception e) {
      throw new PlumbException("cannot create server certificate for " + ips, e);
    }
  }

  /**
   * A client certificate: one O per role, KeyUsage digitalSignature, ExtKeyUsage as given
   * (Talos requires exactly clientAuth; tests pass others to check the refusal).
   */
  public static KeyedCert client(KeyedCert ca, List<String> roles, KeyPurposeId... usages) {
    KeyPair kp = ed25519();
    // Go's pkix.Name writes all Organization values as one multi-valued RDN (talosctl's certs)
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    if (roles.size() == 1) {
      nb.addRDN(BCStyle.O, roles.get(0));
    } else if (!roles.isEmpty()) {
      nb.addMultiValuedRDN(roles.stream().map(r -> BCStyle.O).toArray(org.bouncycastle.asn1.ASN1ObjectIdentifier[]::new),
          roles.toArray(String[]::new));
    }
    KeyPurposeId[] eku = usages.length == 0 ? new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth} : usages;
    try {
      X509v3CertificateBuilder b = builder(issuer(ca), nb.build(), kp, Duration.ofDays(365));
      authorityKeyId(b, ca);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
      return new KeyedCert(sign(b, ca.key()), kp.getPrivate());
    } catch (Exception e) {
      throw new PlumbException("cannot create client certificate for " + roles, e);
    }
  }

  /** Go names the signer's subject key identifier, when the signer has one (crypto/x509 CreateCertificate). */
  private static void authorityKeyId(X509v3CertificateBuilder b, KeyedCert ca) throws java.io.IOException {
    byte[] ski = ca.cert().getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ski != null) {
      byte[] id = SubjectKeyIdentifier.getInstance(
          org.bouncycastle.asn1.ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier();
      b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(id));
    }
  }

  private static X500Name issuer(KeyedCert ca) {
    return X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded());
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair kp, Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject,
        kp.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws OperatorCreationException, java.security.cert.CertificateException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("Ed25519").build(signer)));
  }
}
