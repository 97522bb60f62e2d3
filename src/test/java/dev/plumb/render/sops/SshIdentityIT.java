package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH keys as age identities against the real age CLI: files that {@code age -R key.pub}
 * encrypted (FiloSottile/age agessh: ssh-ed25519 and ssh-rsa stanzas) open with the private key
 * as plumb reads it, armored or binary; another key does not open them.
 */
class SshIdentityIT {
  static final byte[] SECRET = "cluster:\n  secret: s3cr3t-bundle\n".getBytes(StandardCharsets.UTF_8);
  @TempDir Path dir;

  private static byte[] run(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().write(stdin);
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    return out;
  }

  private byte[] ageEncrypt(Path pub, boolean armor) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("age", "-R", pub.toString()));
    if (armor) {
      cmd.add(1, "-a");
    }
    return run(cmd, SECRET);
  }

  private void opens(Path key, boolean armor) throws Exception {
    byte[] enc = ageEncrypt(Path.of(key + ".pub"), armor);
    assertThat(new String(enc, StandardCharsets.ISO_8859_1)).contains(armor ? "BEGIN AGE" : "-> ssh-");
    SopsDecryptor sops = new SopsDecryptor(AgeKeys.fromFile(key));
    assertThat(SopsDecryptor.isAgeFile(enc)).isTrue();
    assertThat(sops.decryptAgeFile("secret.age", enc).reveal()).isEqualTo(SECRET);
  }

  @Test
  void ed25519KeyInOpenSshFormatOpensWhatAgeEncryptedToItsPublicKey() throws Exception {
    Path key = dir.resolve("id_ed25519");
    SshKeyFiles.ed25519(key);
    opens(key, false);
    opens(key, true);
  }

  @Test
  void rsaKeyInPemFormatOpensWhatAgeEncryptedToItsPublicKey() throws Exception {
    Path key = dir.resolve("id_rsa");
    SshKeyFiles.rsa(key);
    opens(key, false);
    opens(key, true);
  }

  @Test
  void anotherKeyOfTheSameTypeDoesNotOpenTheFile() throws Exception {
    Path mine = dir.resolve("mine");
    Path other = dir.resolve("other");
    SshKeyFiles.ed25519(mine);
    SshKeyFiles.ed25519(other);
    byte[] enc = ageEncrypt(Path.of(mine + ".pub"), false);
    assertThatThrownBy(() -> new SopsDecryptor(AgeKeys.fromFile(other)).decryptAgeFile("secret.age", enc))
        .isInstanceOf(SopsException.class).hasMessageContaining("secret.age: no age identity matches");
  }

  /**
   * A sops file whose only age entry is an SSH recipient (sops age/keysource.go parseRecipient
   * takes "ssh-" recipients): the data key sealed by {@code age -R}, opened through the default
   * {@code ~/.ssh/id_ed25519} source.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aSopsFileForAnSshRecipientOpensWithTheDefaultSshKey() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(home.resolve(".ssh"));
    Path key = home.resolve(".ssh/id_ed25519");
    String pub = SshKeyFiles.ed25519(key);
    AgeIdentity temp = AgeIdentity.parse(KeySourcesTest.secret(), "t");
    String yaml = new SopsEncryptor(List.of(temp.recipient())).encryptYaml(java.util.Map.of("password", "hunter2"),
        java.time.Instant.parse("2026-01-02T03:04:05Z"));
    var load = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build());
    java.util.Map<String, Object> doc = (java.util.Map<String, Object>) load.loadFromString(yaml);
    java.util.Map<String, Object> age = ((List<java.util.Map<String, Object>>) ((java.util.Map<String, Object>) doc
        .get("sops")).get("age")).get(0);
    byte[] dataKey = AgeFile.decrypt((String) age.get("enc"), List.of(temp)).orElseThrow();
    age.put("enc", new String(run(List.of("age", "-a", "-R", key + ".pub"), dataKey), StandardCharsets.US_ASCII));
    age.put("recipient", pub.replace(" test@plumb", ""));
    byte[] file = new org.snakeyaml.engine.v2.api.Dump(org.snakeyaml.engine.v2.api.DumpSettings.builder().build())
        .dumpToString(doc).getBytes(StandardCharsets.UTF_8);
    KeySources sources = new KeySources(List.of(), false, KeyCommand.NONE, java.time.Duration.ofSeconds(5));
    Object got = new SopsDecryptor(sources, java.util.Map.of("HOME", home.toString())).decrypt("s.yaml", file)
        .first().reveal();
    assertThat(got).isEqualTo(java.util.Map.of("password", "hunter2"));
    assertThatThrownBy(() -> new SopsDecryptor(sources, java.util.Map.of("HOME", dir.toString())).decrypt("s.yaml", file))
        .hasMessageContaining("s.yaml: no age identity matches; the file is encrypted for [ssh-ed25519 ");
  }

  /** Keys that ssh-keygen wrote: openssh-key-v1 for both types, and a passphrase-protected one. */
  @Test
  void keysWrittenBySshKeygenOpenAndAProtectedOneIsAClearError() throws Exception {
    assumeTrue(new File("/usr/bin/ssh-keygen").canExecute(), "ssh-keygen is not installed");
    for (String type : List.of("ed25519", "rsa")) {
      Path key = dir.resolve("kg_" + type);
      run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "t", "-f", key.toString()), new byte[0]);
      assertThat(Files.readString(key)).contains("BEGIN OPENSSH PRIVATE KEY");
      opens(key, false);
    }
    Path locked = dir.resolve("locked");
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", locked.toString()), new byte[0]);
    assertThatThrownBy(() -> AgeKeys.fromFile(locked)).isInstanceOf(SopsException.class)
        .hasMessageContaining(locked.toString()).hasMessageContaining("passphrase-protected")
        .hasMessageContaining("never asks for a passphrase");
  }
}
