package dev.plumb.render.sops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Decrypts an age file (age-encryption.org/v1, armored or binary) with X25519 and SSH
 * identities: parse the header, let each identity try each stanza, check the header MAC, then
 * open the STREAM payload. sops keeps its 32-byte data key in such files.
 */
final class AgeFile {
  private static final String INTRO = "age-encryption.org/v1";
  private static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  private static final int CHUNK = 64 * 1024;

  private AgeFile() {}

  /** One stanza of the header: its type, arguments and body. */
  record Stanza(String type, List<String> args, byte[] body) {}

  private static final Set<String> SUPPORTED = Set.of("X25519", "ssh-ed25519", "ssh-rsa");

  /** The payload of an armored age file, or empty when no identity matches any stanza. */
  static Optional<byte[]> decrypt(String armored, List<? extends Identity> identities) {
    return decryptBinary(dearmor(armored), identities);
  }

  /** Whether bytes are an age file, armored or binary. */
  static boolean isAgeFile(byte[] content) {
    String head = new String(content, 0, Math.min(content.length, 1100), StandardCharsets.US_ASCII).stripLeading();
    return head.startsWith(INTRO + "\n") || head.startsWith(BEGIN);
  }

  /** The payload of a whole age file, armored or binary, or empty when no identity matches. */
  static Optional<byte[]> decryptFile(byte[] content, List<? extends Identity> identities) {
    String head = new String(content, 0, Math.min(content.length, 1100), StandardCharsets.US_ASCII).stripLeading();
    return head.startsWith(BEGIN) ? decrypt(new String(content, StandardCharsets.US_ASCII), identities)
        : decryptBinary(content, identities);
  }

  private static Optional<byte[]> decryptBinary(byte[] bin, List<? extends Identity> identities) {
    int headerEnd = indexOf(bin, "\n--- ".getBytes(StandardCharsets.US_ASCII));
    if (headerEnd < 0) {
      throw new SopsException("age file has no header MAC line");
    }
    int macLineEnd = indexOf(bin, "\n".getBytes(StandardCharsets.US_ASCII), headerEnd + 5);
    if (macLineEnd < 0) {
      throw new SopsException("age file header is not terminated");
    }
    byte[] macInput = Arrays.copyOfRange(bin, 0, headerEnd + 4); // up to and including "---"
    byte[] mac = rawB64(new String(bin, headerEnd + 5, macLineEnd - headerEnd - 5, StandardCharsets.US_ASCII));
    byte[] payload = Arrays.copyOfRange(bin, macLineEnd + 1, bin.length);
    List<Stanza> stanzas = parseStanzas(new String(bin, 0, headerEnd + 1, StandardCharsets.US_ASCII));
    checkUsable(stanzas);
    for (Stanza s : stanzas) {
      for (Identity id : identities) {
        Optional<byte[]> fileKey = id.unwrap(s);
        if (fileKey.isPresent()) {
          if (fileKey.get().length != 16) {
            throw new SopsException("invalid " + s.type() + " recipient block: incorrect file key size");
          }
          checkHeaderMac(fileKey.get(), macInput, mac);
          return Optional.of(payload(fileKey.get(), payload));
        }
      }
    }
    return Optional.empty();
  }

  /** Refuses, by name, headers that no identity plumb can hold will ever open. */
  private static void checkUsable(List<Stanza> stanzas) {
    List<String> types = stanzas.stream().map(Stanza::type).toList();
    if (types.contains("scrypt")) {
      throw new SopsException("the age file is encrypted with a passphrase (scrypt stanza); plumb never asks for a"
          + " passphrase: encrypt it to an age or SSH recipient instead");
    }
    if (types.stream().noneMatch(SUPPORTED::contains) && !types.isEmpty()) {
      if (types.contains("mlkem768x25519")) {
        throw new SopsException("age recipient type mlkem768x25519 (post-quantum) is not supported");
      }
      throw new SopsException("age file has no X25519, ssh-ed25519 or ssh-rsa recipient (stanza types: "
          + types + ")");
    }
  }

  private static byte[] dearmor(String armored) {
    String t = armored.strip().replace("\r\n", "\n");
    String end = "-----END AGE ENCRYPTED FILE-----";
    if (!t.startsWith(BEGIN) || !t.endsWith(end)) {
      throw new SopsException("age data key is not an armored age file");
    }
    String body = t.substring(BEGIN.length(), t.length() - end.length()).strip();
    String[] lines = body.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].length() > 64 || lines[i].isEmpty() || (i < lines.length - 1 && lines[i].length() < 64)) {
        throw new SopsException("armored age file has a malformed line");
      }
    }
    try {
      return Base64.getDecoder().decode(String.join("", lines));
    } catch (IllegalArgumentException e) {
      throw new SopsException("armored age file is not valid base64", e);
    }
  }

  private static List<Stanza> parseStanzas(String header) {
    String[] lines = header.split("\n", -1);
    if (!lines[0].equals(INTRO)) {
      throw new SopsException("not an age v1 file");
    }
    List<Stanza> out = new ArrayList<>();
    int i = 1;
    while (i < lines.length && lines[i].startsWith("-> ")) {
      String[] parts = lines[i].substring(3).split(" ");
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      i++;
      while (i < lines.length) {
        String l = lines[i++];
        body.writeBytes(rawB64(l));
        if (l.length() < 64) {
          break;
        }
      }
      out.add(new Stanza(parts[0], List.of(parts).subList(1, parts.length), body.toByteArray()));
    }
    return out;
  }

  private static void checkHeaderMac(byte[] fileKey, byte[] header, byte[] mac) {
    byte[] key = hkdf(fileKey, new byte[0], "header");
    HMac h = new HMac(new SHA256Digest());
    h.init(new KeyParameter(key));
    h.update(header, 0, header.length);
    byte[] out = new byte[32];
    h.doFinal(out, 0);
    if (!MessageDigest.isEqual(out, mac)) {
      throw new SopsException("age file: bad header MAC");
    }
  }

  private static byte[] payload(byte[] fileKey, byte[] payload) {
    if (payload.length < 16) {
      throw new SopsException("age payload is too short");
    }
    byte[] nonce = Arrays.copyOf(payload, 16);
    byte[] key = hkdf(fileKey, nonce, "payload");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 16;
    long counter = 0;
    while (true) {
      int len = Math.min(CHUNK + 16, payload.length - pos);
      boolean last = pos + len >= payload.length;
      byte[] n = new byte[12];
      for (int i = 0; i < 8; i++) {
        n[10 - i] = (byte) (counter >>> (8 * i));
      }
      n[11] = (byte) (last ? 1 : 0);
      try {
        out.writeBytes(chacha(key, n, Arrays.copyOfRange(payload, pos, pos + len)));
      } catch (InvalidCipherTextException e) {
        throw new SopsException("age payload failed authentication", e);
      }
      pos += len;
      counter++;
      if (last) {
        return out.toByteArray();
      }
    }
  }

  static byte[] chacha(byte[] key, byte[] nonce, byte[] ct) throws InvalidCipherTextException {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(false, new AEADParameters(new KeyParameter(key), 128, nonce));
    byte[] out = new byte[c.getOutputSize(ct.length)];
    int n = c.processBytes(ct, 0, ct.length, out, 0);
    c.doFinal(out, n);
    return out;
  }

  static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
    g.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
    byte[] out = new byte[32];
    g.generateBytes(out, 0, 32);
    return out;
  }

  static byte[] rawB64(String s) {
    if (s.contains("=") || s.contains("\r")) {
      throw new SopsException("age header: non-canonical base64");
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new SopsException("age header: invalid base64", e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    return indexOf(hay, needle, 0);
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
