package dev.plumb.render.sops;

import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;

/**
 * An SSH RSA key used as an age identity for {@code ssh-rsa} stanzas (FiloSottile/age
 * agessh/agessh.go): the body is the file key under RSA-OAEP with SHA-256 (and MGF1-SHA-256)
 * and the label {@code age-encryption.org/v1/ssh-rsa}; the argument is the key's tag.
 */
public final class SshRsaIdentity implements Identity {
  private static final byte[] LABEL = SshEd25519Identity.LABEL.replace("ssh-ed25519", "ssh-rsa")
      .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private final Sensitive<RSAPrivateCrtKeyParameters> key;
  private final byte[] sshWire;
  private final String tag;
  private final String source;

  SshRsaIdentity(RSAPrivateCrtKeyParameters key, String source) {
    this.key = Sensitive.of(key);
    this.sshWire = SshEd25519Identity.wire(new RSAKeyParameters(false, key.getModulus(),
        key.getPublicExponent()));
    this.tag = SshEd25519Identity.tag(sshWire);
    this.source = source;
  }

  @Override
  public Optional<byte[]> unwrap(AgeFile.Stanza s) {
    if (!s.type().equals("ssh-rsa")) {
      return Optional.empty();
    }
    if (s.args().size() != 1) {
      throw new SopsException("invalid ssh-rsa recipient block");
    }
    if (!s.args().get(0).equals(tag)) {
      return Optional.empty();
    }
    OAEPEncoding oaep = new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), LABEL);
    oaep.init(false, key.reveal());
    try {
      return Optional.of(oaep.processBlock(s.body(), 0, s.body().length));
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new SopsException("ssh-rsa stanza for " + source + " does not open: failed to decrypt file key");
    }
  }

  @Override
  public String recipient() {
    return "ssh-rsa " + Base64.getEncoder().encodeToString(sshWire);
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "SshRsaIdentity[" + tag + " from " + source + "]";
  }
}
