package dev.plumb.render.sops;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An SSH Ed25519 key used as an age identity for {@code ssh-ed25519} stanzas (FiloSottile/age
 * agessh/agessh.go): the X25519 scalar is the first half of SHA-512 of the Ed25519 seed, the
 * shared secret is tweaked by X25519 with HKDF(ssh public key, label), and the stanza's first
 * argument is the key's tag, the first 4 bytes of SHA-256 of its SSH wire encoding.
 */
public final class SshEd25519Identity implements Identity {
  static final String LABEL = "age-encryption.org/v1/ssh-ed25519";
  private final Sensitive<byte[]> scalar;
  private final byte[] ourPublic = new byte[32];
  private final byte[] sshWire;
  private final byte[] tweak;
  private final String tag;
  private final String source;

  private SshEd25519Identity(byte[] scalar, byte[] sshWire, String source) {
    this.scalar = Sensitive.of(scalar);
    X25519.scalarMultBase(scalar, 0, ourPublic, 0);
    this.sshWire = sshWire;
    // agessh: hkdf.New(sha256.New, nil, sshKey.Marshal(), label): no secret, the public key as salt
    this.tweak = AgeFile.hkdf(new byte[0], sshWire, LABEL);
    this.tag = tag(sshWire);
    this.source = source;
  }

  /** The identity of an Ed25519 key given by its 32-byte seed and 32-byte public key. */
  static SshEd25519Identity of(byte[] seed, byte[] publicKey, String source) {
    return new SshEd25519Identity(x25519Scalar(seed), wire(new Ed25519PublicKeyParameters(publicKey, 0)), source);
  }

  /** The SSH wire encoding of a public key (string type, then the key's fields). */
  static byte[] wire(AsymmetricKeyParameter publicKey) {
    try {
      return OpenSSHPublicKeyUtil.encodePublicKey(publicKey);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode an SSH public key", e);
    }
  }

  /**
   * The X25519 scalar of an Ed25519 seed (agessh ed25519PrivateKeyToCurve25519; the same scalar
   * ssh-to-age prints as an {@code AGE-SECRET-KEY-1}, which newer sops also derives).
   */
  static byte[] x25519Scalar(byte[] seed) {
    return Arrays.copyOf(sha(seed, "SHA-512"), 32);
  }

  /** The age tag of an SSH public key: base64 (raw) of the first 4 bytes of SHA-256 of its wire form. */
  static String tag(byte[] sshWire) {
    return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha(sshWire, "SHA-256"), 4));
  }

  static byte[] sha(byte[] in, String alg) {
    try {
      return MessageDigest.getInstance(alg).digest(in);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The X25519 identity of the same key, as sops adds it for ssh-to-age recipients. */
  AgeIdentity asX25519() {
    return AgeIdentity.fromScalar(scalar.reveal(), source + " (as X25519)");
  }

  @Override
  public Optional<byte[]> unwrap(AgeFile.Stanza s) {
    if (!s.type().equals("ssh-ed25519")) {
      return Optional.empty();
    }
    if (s.args().size() != 2) {
      throw new SopsException("invalid ssh-ed25519 recipient block");
    }
    byte[] share = AgeFile.rawB64(s.args().get(1));
    if (share.length != 32) {
      throw new SopsException("invalid ssh-ed25519 recipient block");
    }
    if (!s.args().get(0).equals(tag)) {
      return Optional.empty();
    }
    byte[] shared = new byte[32];
    X25519.scalarMult(scalar.reveal(), 0, share, 0, shared, 0);
    if (Arrays.equals(shared, new byte[32])) {
      throw new SopsException("invalid ssh-ed25519 recipient block: low-order share");
    }
    byte[] tweaked = new byte[32];
    X25519.scalarMult(tweak, 0, shared, 0, tweaked, 0);
    byte[] wrapKey = AgeFile.hkdf(tweaked, AgeFile.concat(share, ourPublic), LABEL);
    try {
      return Optional.of(AgeFile.chacha(wrapKey, new byte[12], s.body()));
    } catch (InvalidCipherTextException e) {
      throw new SopsException("ssh-ed25519 stanza for " + source + " does not open: failed to decrypt file key");
    }
  }

  @Override
  public String recipient() {
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(sshWire);
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "SshEd25519Identity[" + tag + " from " + source + "]";
  }
}
