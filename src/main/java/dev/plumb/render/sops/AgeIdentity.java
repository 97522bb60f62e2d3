package dev.plumb.render.sops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An age X25519 identity ({@code AGE-SECRET-KEY-1...}) and its recipient ({@code age1...}). The
 * scalar is held in {@link Sensitive}; only the recipient is ever printed.
 */
public final class AgeIdentity implements Identity {
  private final Sensitive<byte[]> scalar;
  private final byte[] publicKey;
  private final String source;

  private AgeIdentity(byte[] scalar, String source) {
    this.scalar = Sensitive.of(scalar.clone());
    this.publicKey = new byte[32];
    X25519.scalarMultBase(scalar, 0, publicKey, 0);
    this.source = source;
  }

  /** An identity from a raw X25519 scalar (an SSH ed25519 key converted as ssh-to-age does). */
  static AgeIdentity fromScalar(byte[] scalar, String source) {
    return new AgeIdentity(scalar, source);
  }

  /** Parses one {@code AGE-SECRET-KEY-1...} string. */
  public static AgeIdentity parse(String key, String source) {
    Bech32.Decoded d;
    try {
      d = Bech32.decode(key.trim());
    } catch (IllegalArgumentException e) {
      throw new SopsException(source + ": malformed age secret key (" + e.getMessage() + ")");
    }
    if (!d.hrp().equals("age-secret-key-") || d.data().length != 32) {
      throw new SopsException(source + ": not an age X25519 secret key");
    }
    return new AgeIdentity(d.data(), source);
  }

  /**
   * Parses a keys.txt text: one key per line; blank lines and lines starting with {@code #} are
   * skipped; post-quantum and plugin identities are refused by name.
   */
  public static List<AgeIdentity> parseAll(String text, String source) {
    List<AgeIdentity> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\\R")) {
      lineNo++;
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      for (String word : l.split("\\s+")) {
        if (word.startsWith("AGE-SECRET-KEY-PQ-1")) {
          throw new SopsException(source + ":" + lineNo
              + ": post-quantum age identities (mlkem768x25519) are not supported");
        }
        if (word.startsWith("AGE-PLUGIN-")) {
          throw new SopsException(source + ":" + lineNo + ": age plugin identities are not supported");
        }
        if (!word.startsWith("AGE-SECRET-KEY-1")) {
          throw new SopsException(source + ":" + lineNo + ": unknown identity type (expected AGE-SECRET-KEY-1...)");
        }
        out.add(parse(word, source + ":" + lineNo));
      }
    }
    return out;
  }

  /** The matching recipient, {@code age1...}. */
  @Override
  public String recipient() {
    return Bech32.encode("age", publicKey);
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  byte[] scalar() {
    return scalar.reveal();
  }

  @Override
  public String source() {
    return source;
  }

  /**
   * Unwraps an X25519 stanza (age x25519.go): wrap key = HKDF(X25519(scalar, share), share ||
   * our public key, "age-encryption.org/v1/X25519"). X25519 stanzas do not name their recipient,
   * so a tag failure only means "not this key".
   */
  @Override
  public Optional<byte[]> unwrap(AgeFile.Stanza s) {
    if (!s.type().equals("X25519")) {
      return Optional.empty();
    }
    if (s.args().size() != 1) {
      throw new SopsException("invalid X25519 recipient block: expected one argument");
    }
    byte[] share = AgeFile.rawB64(s.args().get(0));
    if (share.length != 32) {
      throw new SopsException("invalid X25519 recipient block: share is not 32 bytes");
    }
    if (s.body().length != 32) {
      throw new SopsException("invalid X25519 recipient block: incorrect file key size");
    }
    byte[] shared = new byte[32];
    X25519.scalarMult(scalar(), 0, share, 0, shared, 0);
    if (Arrays.equals(shared, new byte[32])) {
      return Optional.empty();
    }
    byte[] wrapKey = AgeFile.hkdf(shared, AgeFile.concat(share, publicKey), "age-encryption.org/v1/X25519");
    try {
      return Optional.of(AgeFile.chacha(wrapKey, new byte[12], s.body()));
    } catch (InvalidCipherTextException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "AgeIdentity[" + recipient() + " from " + source + "]";
  }
}
