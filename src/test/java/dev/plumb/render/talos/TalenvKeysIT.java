package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.DirectoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.KeySources;
import dev.plumb.render.sops.ProcessKeyCommand;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.sops.SopsEncryptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * talenv before secrets, as talhelper does it (budimanjojo/talhelper pkg/substitute
 * LoadEnvFromFiles exports every env file's entries before the talsecret is decrypted): a
 * talenv-provided SOPS_AGE_KEY_CMD decrypts the talsecret, an encrypted talenv is opened with the
 * keys the files before it give, and a whole-file age talsecret opens with the same keys.
 */
class TalenvKeysIT {
  static final Path DEMO = Path.of("clusters/demo");
  static final String RECIPIENT = "age1g6h8l0wrqmhd6v5qtg4lmdezj36sujnzvc6evjwre657tsynt3qsv855nn";
  @TempDir Path tmp;
  Path repo;
  Path key;
  final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void copyTheExampleClusterWithoutItsKey() throws Exception {
    repo = tmp.resolve("repo");
    try (Stream<Path> s = Files.walk(DEMO)) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("age-key"))
          .toList()) {
        Path to = repo.resolve(DEMO.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    }
    key = tmp.resolve("vault/key.txt");
    Files.createDirectories(key.getParent());
    Files.copy(DEMO.resolve("age-key.demo-only.txt"), key);
    Files.createDirectories(tmp.resolve("home"));
    env.put("HOME", tmp.resolve("home").toString());
    env.put("PATH", System.getenv("PATH"));
  }

  SopsDecryptor sops() {
    return new SopsDecryptor(new KeySources(List.of(), false, new ProcessKeyCommand(), Duration.ofSeconds(20)), env);
  }

  SecretsBundle load() {
    DirectoryTree tree = new DirectoryTree(repo);
    TalConfig cfg = new TalConfigLoader(tree, sops()).load("talconfig.yaml", List.of(), env, Map.of());
    return SecretsLoader.load(tree, cfg, sops(), Optional.empty());
  }

  void appendTalenv(String line) throws Exception {
    Files.writeString(repo.resolve("talenv.yaml"), line + "\n", java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void aKeyCommandFromTalenvDecryptsTheTalsecret() throws Exception {
    assertThatThrownBy(this::load).isInstanceOf(RenderException.class)
        .hasMessageContaining("talsecret.sops.yaml").hasMessageContaining("plumb tried, in order:")
        .hasMessageContaining("SOPS_AGE_KEY_CMD: not set").hasMessageNotContaining("AGE-SECRET-KEY");
    Path script = tmp.resolve("bin/get-age-key");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\necho \"$SOPS_AGE_RECIPIENT\" > " + tmp.resolve("asked-for") + "\nexec cat "
        + key + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    appendTalenv("SOPS_AGE_KEY_CMD: " + script);
    assertThat(load().get("cluster.secret")).isNotBlank();
    assertThat(Files.readString(tmp.resolve("asked-for")).strip()).isEqualTo(RECIPIENT);
  }

  @Test
  void anEncryptedTalenvIsDecryptedWithTheKeysTheFilesBeforeItGive() throws Exception {
    String enc = new SopsEncryptor(List.of(RECIPIENT)).encryptYaml(Map.of("NTP_SERVER", "ntp.from-sops.example"),
        Instant.parse("2026-01-02T03:04:05Z"));
    Files.writeString(repo.resolve("talenv.sops.yaml"), enc);
    appendTalenv("SOPS_AGE_KEY_FILE: " + key);
    DirectoryTree tree = new DirectoryTree(repo);
    TalConfig cfg = new TalConfigLoader(tree, sops()).load("talconfig.yaml", List.of(), env, Map.of());
    assertThat(cfg.env().vars()).containsEntry("NTP_SERVER", "ntp.from-sops.example")
        .containsEntry("SOPS_AGE_KEY_FILE", key.toString());
    assertThat(cfg.env().loaded()).containsExactly("talenv.yaml", "talenv.sops.yaml");
  }

  @Test
  void aWholeFileAgeTalsecretOpensWithTheSameKeys() throws Exception {
    byte[] plain = new SopsDecryptor(AgeKeys.fromFile(key)).decrypt("talsecret.sops.yaml",
        Files.readAllBytes(repo.resolve("talsecret.sops.yaml"))).render().reveal();
    Files.delete(repo.resolve("talsecret.sops.yaml"));
    Process age = new ProcessBuilder("age", "-a", "-r", RECIPIENT, "-o", repo.resolve("talsecret.yaml.age").toString())
        .redirectErrorStream(true).start();
    age.getOutputStream().write(plain);
    age.getOutputStream().close();
    assertThat(age.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(age.exitValue()).isZero();
    assertThatThrownBy(this::load).hasMessageContaining("talsecret.yaml.age")
        .hasMessageContaining("no age identity matches this age file");
    env.put("SOPS_AGE_KEY_FILE", key.toString());
    assertThat(load().get("cluster.secret")).isNotBlank();
    assertThat(new String(plain, StandardCharsets.UTF_8)).contains(load().get("cluster.secret"));
  }
}
