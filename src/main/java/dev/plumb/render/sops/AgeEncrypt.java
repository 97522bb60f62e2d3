package dev.plumb.render.sops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Encrypts a small payload (a sops data key) to one age X25519 recipient as an ASCII-armored age
 * file: the mirror image of {@link AgeFile}.
 */
final class AgeEncrypt {
  private AgeEncrypt() {}

  static String armored(byte[] plaintext, String recipient, SecureRandom random) {
    Bech32.Decoded r = Bech32.decode(recipient);
    if (!r.hrp().equals("age") || r.data().length != 32) {
      throw new SopsException("not an age X25519 recipient: " + recipient);
    }
    byte[] fileKey = bytes(random, 16);
    byte[] eph = bytes(random, 32);
    byte[] share = new byte[32];
    X25519.scalarMultBase(eph, 0, share, 0);
    byte[] shared = new byte[32];
    X25519.scalarMult(eph, 0, r.data(), 0, shared, 0);
    byte[] salt = new byte[64];
    System.arraycopy(share, 0, salt, 0, 32);
    System.arraycopy(r.data(), 0, salt, 32, 32);
    byte[] wrapKey = AgeFile.hkdf(shared, salt, "age-encryption.org/v1/X25519");
    Base64.Encoder raw = Base64.getEncoder().withoutPadding();
    String header = "age-encryption.org/v1\n-> X25519 " + raw.encodeToString(share) + "\n"
        + raw.encodeToString(seal(wrapKey, new byte[12], fileKey)) + "\n---";
    byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
    HMac h = new HMac(new SHA256Digest());
    h.init(new KeyParameter(AgeFile.hkdf(fileKey, new byte[0], "header")));
    h.update(headerBytes, 0, headerBytes.length);
    byte[] mac = new byte[32];
    h.doFinal(mac, 0);
    byte[] nonce = bytes(random, 16);
    byte[] streamNonce = new byte[12];
    streamNonce[11] = 1; // one and last chunk
    ByteArrayOutputStream bin = new ByteArrayOutputStream();
    bin.writeBytes((header + " " + raw.encodeToString(mac) + "\n").getBytes(StandardCharsets.US_ASCII));
    bin.writeBytes(nonce);
    bin.writeBytes(seal(AgeFile.hkdf(fileKey, nonce, "payload"), streamNonce, plaintext));
    String b64 = Base64.getEncoder().encodeToString(bin.toByteArray());
    StringBuilder sb = new StringBuilder("-----BEGIN AGE ENCRYPTED FILE-----\n");
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    return sb.append("-----END AGE ENCRYPTED FILE-----\n").toString();
  }

  private static byte[] seal(byte[] key, byte[] nonce, byte[] pt) {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce));
    byte[] out = new byte[c.getOutputSize(pt.length)];
    int n = c.processBytes(pt, 0, pt.length, out, 0);
    try {
      c.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static byte[] bytes(SecureRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
