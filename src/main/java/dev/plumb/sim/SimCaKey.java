package dev.plumb.sim;

import dev.plumb.talos.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A CA key from a machine config, read as Talos reads it (siderolabs/crypto x509
 * PEMEncodedCertificateAndKey.GetKey): the first PEM block only, and only three labels, each with
 * its own encoding: {@code RSA PRIVATE KEY} is PKCS#1, {@code EC PRIVATE KEY} is SEC1 and
 * {@code ED25519 PRIVATE KEY} is PKCS#8 holding an Ed25519 key. A plain {@code PRIVATE KEY}, which
 * a lenient reader would take, is an unsupported key type. The error texts are Go's.
 */
final class SimCaKey {
  private SimCaKey() {}

  /** The key, or an {@link IllegalArgumentException} with the text Talos would log. */
  static PrivateKey parse(String pem) {
    List<Pem.Block> blocks;
    try {
      blocks = Pem.blocks(pem);
    } catch (IllegalArgumentException e) {
      blocks = List.of();
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("failed to parse PEM block");
    }
    Pem.Block b = blocks.get(0);
    return switch (b.label()) {
      case "RSA PRIVATE KEY" -> rsa(b.der());
      case "EC PRIVATE KEY" -> ec(b.der());
      case "ED25519 PRIVATE KEY" -> ed25519(b.der());
      default -> throw new IllegalArgumentException("unsupported key type: \"" + b.label() + "\"");
    };
  }

  private static PrivateKey rsa(byte[] der) {
    try {
      RSAPrivateKey pkcs1 = RSAPrivateKey.getInstance(der);
      PrivateKeyInfo info = new PrivateKeyInfo(
          new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), pkcs1);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("failed to parse RSA key: x509: failed to parse private key"
          + " (use ParsePKCS8PrivateKey instead for this key format)");
    }
  }

  private static PrivateKey ec(byte[] der) {
    try {
      ECPrivateKey sec1 = ECPrivateKey.getInstance(der);
      if (sec1.getParametersObject() == null) {
        // Go takes the curve from the key itself; without one it knows no curve
        throw new IllegalArgumentException("failed to parse EC key: x509: unknown elliptic curve");
      }
      PrivateKeyInfo info = new PrivateKeyInfo(
          new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()), sec1);
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (IllegalArgumentException e) {
      if (String.valueOf(e.getMessage()).startsWith("failed to parse EC key")) {
        throw e;
      }
      throw new IllegalArgumentException("failed to parse EC key: x509: failed to parse EC private key"
          + " (use ParsePKCS8PrivateKey instead for this key format)");
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("failed to parse EC key: x509: failed to parse EC private key"
          + " (use ParsePKCS8PrivateKey instead for this key format)");
    }
  }

  private static PrivateKey ed25519(byte[] der) {
    try {
      PrivateKey k = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      if (k.getAlgorithm().equals("Ed25519") || k.getAlgorithm().equals("EdDSA")) {
        return k;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException("failed to parse Ed25519 key: the ED25519 PRIVATE KEY block is not"
        + " a PKCS#8 Ed25519 key");
  }
}
