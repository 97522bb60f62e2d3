package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No key material from the new key paths (key commands, their stderr, SSH keys, credentials)
 * reaches a log line, an exception message, a report or a printed object, with every logger at
 * DEBUG, whether decryption succeeds or fails.
 */
class KeyMaterialLeakTest {
  @TempDir Path home;

  @Test
  void keysFromCommandsSshFilesAndCredentialsNeverReachLogsOrMessages() throws Exception {
    String age = KeySourcesTest.secret();
    Path ssh = home.resolve("id_ed25519");
    SshKeyFiles.ed25519(ssh);
    Path rsa = home.resolve("id_rsa_pem");
    SshKeyFiles.rsa(rsa);
    Path good = script("good", "echo " + age);
    Path bad = script("bad", "echo \"denied: " + age + "\" >&2; echo " + age + "; exit 1");
    Path credential = Files.writeString(home.resolve("age-key"), age + "\n");
    List<String> secrets = new ArrayList<>(List.of(age, age.substring(20)));
    for (Path k : List.of(ssh, rsa)) {
      Files.readString(k).lines().filter(l -> !l.startsWith("-----")).forEach(secrets::add);
    }

    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    List<String> seen = new ArrayList<>();
    try {
      Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "PATH", System.getenv("PATH"),
          "SOPS_AGE_KEY_CMD", bad.toString(), "SOPS_AGE_SSH_PRIVATE_KEY_FILE", ssh.toString()));
      KeySources sources = new KeySources(List.of(KeySource.optionalFile("systemd credential age-key", credential),
          KeySource.file(rsa), KeySource.command("ageKeyCommand (good)", List.of(good.toString()))), false,
          new ProcessKeyCommand(), Duration.ofSeconds(20));
      LoadedKeys keys = sources.load(env, "age1x");
      seen.add(keys.toString());
      seen.add(keys.describe());
      keys.identities().forEach(i -> seen.add(i.toString()));
      SopsDecryptor sops = new SopsDecryptor(sources, env);
      byte[] file = new SopsEncryptor(List.of(AgeIdentity.parse(KeySourcesTest.secret(), "t").recipient()))
          .encryptYaml(Map.of("k", "v"), java.time.Instant.EPOCH).getBytes(StandardCharsets.UTF_8);
      try {
        sops.decrypt("other.yaml", file);
      } catch (SopsException e) {
        seen.add(e.getMessage());
      }
      seen.add(sops.toString());
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
    logs.list.forEach(e -> seen.add(e.getFormattedMessage()));
    assertThat(String.join("\n", seen)).contains("SOPS_AGE_KEY_CMD: " + bad + " failed (exit 1): denied: <redacted>")
        .contains("systemd credential age-key: 1 key");
    for (String s : secrets) {
      assertThat(seen).noneMatch(l -> l.contains(s));
    }
  }

  private Path script(String name, String body) throws Exception {
    Path p = home.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }
}
