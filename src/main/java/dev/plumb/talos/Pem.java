package dev.plumb.talos;

import dev.plumb.fleet.PlumbException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM reading and writing in Talos's formats. Talos labels Ed25519 keys {@code ED25519 PRIVATE
 * KEY} but the body is standard PKCS#8, so keys are decoded by DER whatever the label says.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----", Pattern.DOTALL);
  private static final String[] KEY_ALGORITHMS = {"Ed25519", "EC", "RSA"};

  private Pem() {}

  /** One armoured block: its label and DER bytes. */
  public record Block(String label, byte[] der) {}

  /** Every PEM block in the text, in order. */
  public static List<Block> blocks(String pem) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String body = m.group(2).replaceAll("\\s", "");
      out.add(new Block(m.group(1), Base64.getDecoder().decode(body)));
    }
    return out;
  }

  /** Every certificate in the PEM text; an error when there is none. */
  public static List<X509Certificate> certificates(String pem, String what) {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(pem)) {
        if (b.label().equals("CERTIFICATE")) {
          certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new PlumbException(what + ": not a valid X.509 certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new PlumbException(what + ": no PEM CERTIFICATE block found");
    }
    return certs;
  }

  /**
   * The private key in the PEM text. Accepts {@code PRIVATE KEY} and any {@code * PRIVATE KEY}
   * label holding PKCS#8 DER, as Go's tls.X509KeyPair does.
   */
  public static PrivateKey privateKey(String pem, String what) {
    for (Block b : blocks(pem)) {
      if (b.label().endsWith("PRIVATE KEY")) {
        return pkcs8(b.der(), what, b.label());
      }
    }
    throw new PlumbException(what + ": no PEM PRIVATE KEY block found");
  }

  private static PrivateKey pkcs8(byte[] der, String what, String label) {
    for (String alg : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new PlumbException(
        what
            + ": the '"
            + label
            + "' block is not a PKCS#8 Ed25519, EC or RSA key (a SEC1 or PKCS#1 key must be"
            + " converted to PKCS#8)");
  }

  /** Armours DER bytes under the label, 64 characters a line. */
  public static String encode(String label, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
  }

  /** The certificate as PEM. */
  public static String encode(X509Certificate cert) {
    try {
      return encode("CERTIFICATE", cert.getEncoded());
    } catch (CertificateException e) {
      throw new PlumbException("cannot encode certificate " + cert.getSubjectX500Principal(), e);
    }
  }

  /** The key as PEM, with Talos's label for Ed25519 keys. */
  public static String encode(PrivateKey key) {
    String label =
        switch (key.getAlgorithm()) {
          case "Ed25519", "EdDSA" -> "ED25519 PRIVATE KEY";
          default -> "PRIVATE KEY";
        };
    return encode(label, key.getEncoded());
  }
}
