package dev.plumb.render.sops;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * SSH key files written by Bouncy Castle in the formats ssh-keygen writes (openssh-key-v1 for
 * Ed25519, PEM PKCS#1 for RSA), with their {@code .pub} lines, so tests need no ssh-keygen.
 */
final class SshKeyFiles {
  private SshKeyFiles() {}

  /** Writes {@code path} and {@code path.pub}; returns the public key line. */
  static String ed25519(Path path) throws IOException {
    Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new SecureRandom());
    byte[] blob = OpenSSHPrivateKeyUtil.encodePrivateKey(k);
    write(path, "OPENSSH PRIVATE KEY", blob);
    return pub(path, "ssh-ed25519", OpenSSHPublicKeyUtil.encodePublicKey(k.generatePublicKey()));
  }

  /** A 2048-bit RSA key as PEM PKCS#1 ("RSA PRIVATE KEY"). */
  static String rsa(Path path) throws IOException {
    RSAKeyPairGenerator g = new RSAKeyPairGenerator();
    g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), 2048, 80));
    AsymmetricCipherKeyPair kp = g.generateKeyPair();
    write(path, "RSA PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(kp.getPrivate()));
    RSAPrivateCrtKeyParameters priv = (RSAPrivateCrtKeyParameters) kp.getPrivate();
    return pub(path, "ssh-rsa", OpenSSHPublicKeyUtil.encodePublicKey(kp.getPublic()));
  }

  private static void write(Path path, String type, byte[] der) throws IOException {
    String b64 = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(path, "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n");
  }

  private static String pub(Path path, String type, byte[] wire) throws IOException {
    String line = type + " " + Base64.getEncoder().encodeToString(wire) + " test@plumb";
    Files.writeString(Path.of(path + ".pub"), line + "\n");
    return line;
  }

  /** An openssh-key-v1 file whose private part is encrypted (aes256-ctr, bcrypt), as ssh-keygen -N writes. */
  static void encryptedEd25519(Path path) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
    for (String s : new String[] {"aes256-ctr", "bcrypt"}) {
      str(b, s.getBytes(StandardCharsets.US_ASCII));
    }
    str(b, new byte[24]); // kdf options: salt and rounds
    b.writeBytes(new byte[] {0, 0, 0, 1});
    str(b, OpenSSHPublicKeyUtil.encodePublicKey(new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey()));
    str(b, new byte[160]); // the encrypted private section
    write(path, "OPENSSH PRIVATE KEY", b.toByteArray());
  }

  private static void str(java.io.ByteArrayOutputStream b, byte[] s) {
    b.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(s.length).array());
    b.writeBytes(s);
  }
}
