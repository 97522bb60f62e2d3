package dev.plumb.render.sops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Reads an SSH private key as age does (agessh ParseIdentity over x/crypto/ssh
 * ParseRawPrivateKey): OpenSSH's {@code openssh-key-v1} format and PEM RSA (PKCS#1 or PKCS#8),
 * Ed25519 and RSA only. A passphrase-protected key is an error that names its source: plumb
 * never prompts.
 */
public final class SshPrivateKeys {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*\\n(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private SshPrivateKeys() {}

  /** Whether the text looks like a PEM-armored private key (as opposed to an age keys.txt). */
  public static boolean looksLikeSshKey(String text) {
    return text.stripLeading().startsWith("-----BEGIN ") && text.contains("PRIVATE KEY-----");
  }

  /**
   * The identities of one SSH private key: the SSH identity, and for Ed25519 also its X25519
   * form (sops age/ssh_parse.go adds it so keys converted with ssh-to-age decrypt too).
   */
  public static List<Identity> parse(byte[] content, String source) {
    Matcher m = PEM.matcher(new String(content, StandardCharsets.US_ASCII).replace("\r\n", "\n"));
    if (!m.find()) {
      throw new SopsException(source + ": not an SSH private key (no PEM block)");
    }
    String type = m.group(1);
    String body = m.group(2);
    if (type.contains("ENCRYPTED") || body.contains("Proc-Type: 4,ENCRYPTED")) {
      throw passphrase(source);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body.replaceAll("(?m)^[A-Za-z-]+: .*$", ""));
    } catch (IllegalArgumentException e) {
      throw new SopsException(source + ": malformed SSH private key (bad base64)");
    }
    AsymmetricKeyParameter key = switch (type) {
      case "OPENSSH PRIVATE KEY" -> openssh(der, source);
      case "RSA PRIVATE KEY" -> blob(der, source);
      case "PRIVATE KEY" -> pkcs8(der, source);
      default -> throw new SopsException(source + ": unsupported SSH identity type "
          + type.toLowerCase(Locale.ROOT) + " (age takes ssh-ed25519 and ssh-rsa keys)");
    };
    if (key instanceof Ed25519PrivateKeyParameters ed) {
      SshEd25519Identity id = SshEd25519Identity.of(ed.getEncoded(), ed.generatePublicKey().getEncoded(), source);
      return List.of(id, id.asX25519());
    }
    if (key instanceof RSAPrivateCrtKeyParameters rsa) {
      return List.of(new SshRsaIdentity(rsa, source));
    }
    throw new SopsException(source + ": unsupported SSH identity type " + key.getClass().getSimpleName()
        + " (age takes ssh-ed25519 and ssh-rsa keys)");
  }

  private static AsymmetricKeyParameter openssh(byte[] blob, String source) {
    ByteBuffer b = ByteBuffer.wrap(blob);
    try {
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new SopsException(source + ": malformed OpenSSH private key (no openssh-key-v1 header)");
      }
      String cipher = string(b);
      if (!cipher.equals("none")) {
        throw passphrase(source);
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new SopsException(source + ": malformed OpenSSH private key (truncated)");
    }
    return blob(blob, source);
  }

  private static String string(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new java.nio.BufferUnderflowException();
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.US_ASCII);
  }

  private static AsymmetricKeyParameter blob(byte[] der, String source) {
    try {
      return OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(der);
    } catch (RuntimeException e) {
      throw new SopsException(source + ": malformed SSH private key (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static AsymmetricKeyParameter pkcs8(byte[] der, String source) {
    try {
      return PrivateKeyFactory.createKey(der);
    } catch (IOException | RuntimeException e) {
      throw new SopsException(source + ": malformed PKCS#8 private key (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static SopsException passphrase(String source) {
    return new SopsException(source + ": the SSH private key is passphrase-protected, and plumb never asks for a"
        + " passphrase; give plumb an unprotected copy that only it can read (a systemd credential, or"
        + " SOPS_AGE_SSH_PRIVATE_KEY_CMD printing it), or an age key");
  }
}
