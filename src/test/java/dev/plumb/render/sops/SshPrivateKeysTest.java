package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH private keys as age reads them (agessh ParseIdentity over x/crypto/ssh): Ed25519 and RSA;
 * a passphrase-protected key is an error that names the file and never prompts.
 */
class SshPrivateKeysTest {
  @TempDir Path dir;

  @Test
  void anEd25519KeyGivesItsSshIdentityAndItsX25519Form() throws Exception {
    Path k = dir.resolve("id_ed25519");
    String pub = SshKeyFiles.ed25519(k);
    var ids = SshPrivateKeys.parse(Files.readAllBytes(k), k.toString());
    assertThat(ids).hasSize(2);
    assertThat(ids.get(0).recipient() + " test@plumb").isEqualTo(pub);
    assertThat(ids.get(1).recipient()).startsWith("age1");
    assertThat(ids.get(0).toString()).doesNotContain(Files.readString(k).lines().skip(1).findFirst().orElseThrow());
  }

  @Test
  void aPassphraseProtectedOpenSshKeyIsAClearErrorNamingTheFile() throws Exception {
    Path k = dir.resolve("id_ed25519");
    SshKeyFiles.encryptedEd25519(k);
    assertThatThrownBy(() -> SshPrivateKeys.parse(Files.readAllBytes(k), k.toString()))
        .isInstanceOf(SopsException.class).hasMessageStartingWith(k + ": the SSH private key is passphrase-protected")
        .hasMessageContaining("never asks for a passphrase");
  }

  @Test
  void aPassphraseProtectedPemKeyIsTheSameError() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
        + "-----END RSA PRIVATE KEY-----\n";
    assertThatThrownBy(() -> SshPrivateKeys.parse(pem.getBytes(StandardCharsets.US_ASCII), "key.pem"))
        .hasMessageStartingWith("key.pem: the SSH private key is passphrase-protected");
  }

  @Test
  void otherKeyTypesAndNonKeysAreRefusedByName() {
    String ec = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
    assertThatThrownBy(() -> SshPrivateKeys.parse(ec.getBytes(StandardCharsets.US_ASCII), "k"))
        .hasMessage("k: unsupported SSH identity type ec private key (age takes ssh-ed25519 and ssh-rsa keys)");
    assertThatThrownBy(() -> SshPrivateKeys.parse("hello".getBytes(StandardCharsets.US_ASCII), "k"))
        .hasMessage("k: not an SSH private key (no PEM block)");
  }
}
