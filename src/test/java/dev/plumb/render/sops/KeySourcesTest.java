package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key source sops reads (getsops/sops age/keysource.go loadIdentities and
 * loadAgeSSHIdentities), each on its own, then together: all sources count (a union, not the
 * first that is set), a broken one does not hide the others, and the report lists them in order
 * without a key in it.
 */
class KeySourcesTest {
  @TempDir Path home;
  final Map<String, String> env = new HashMap<>();
  final List<Map<String, String>> commandEnvs = new ArrayList<>();
  final Map<String, byte[]> commandOutputs = new HashMap<>();

  /** A fake runner: prints what the test put under the program name, records the environment. */
  final KeyCommand fake = (argv, cmdEnv, timeout) -> {
    commandEnvs.add(cmdEnv);
    byte[] out = commandOutputs.get(argv.get(0));
    return out == null ? new KeyCommand.Result(3, false, Sensitive.of(new byte[0]),
        ProcessKeyCommand.excerpt(("op: not signed in " + SECRET_A).getBytes(StandardCharsets.UTF_8)))
        : new KeyCommand.Result(0, false, Sensitive.of(out), "");
  };

  static final String SECRET_A = secret();
  static final String SECRET_B = secret();

  static String secret() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return Bech32.encode("age-secret-key-", s).toUpperCase(Locale.ROOT);
  }

  static String recipient(String secret) {
    return AgeIdentity.parse(secret, "t").recipient();
  }

  KeySources sources(List<KeySource> configured, boolean macOs) {
    return new KeySources(configured, macOs, fake, Duration.ofSeconds(5));
  }

  byte[] encryptedFor(String recipient) {
    return new SopsEncryptor(List.of(recipient)).encryptYaml(Map.of("password", "hunter2-long-value"),
        Instant.parse("2026-01-02T03:04:05Z")).getBytes(StandardCharsets.UTF_8);
  }

  /** One source on its own; {@code set} prepares it and returns the recipient it must yield. */
  record Case(String name, boolean macOs, Setup set) {
    @Override
    public String toString() {
      return name;
    }
  }

  interface Setup {
    String apply(KeySourcesTest t) throws Exception;
  }

  static Stream<Case> eachSourceAlone() {
    return Stream.of(
        new Case("SOPS_AGE_KEY, several keys on one line", false, t -> {
          t.env.put("SOPS_AGE_KEY", SECRET_B + " " + SECRET_A);
          return recipient(SECRET_A);
        }),
        new Case("SOPS_AGE_KEY_FILE", false, t -> {
          t.env.put("SOPS_AGE_KEY_FILE", t.write("keys/k.txt", "# created: x\n" + SECRET_A + "\n").toString());
          return recipient(SECRET_A);
        }),
        new Case("SOPS_AGE_KEY_CMD", false, t -> {
          t.env.put("SOPS_AGE_KEY_CMD", "op read 'op://vault/age key'");
          t.commandOutputs.put("op", (SECRET_A + "\n").getBytes(StandardCharsets.UTF_8));
          return recipient(SECRET_A);
        }),
        new Case("default keys.txt under ~/.config", false, t -> {
          t.write(".config/sops/age/keys.txt", SECRET_A + "\n");
          return recipient(SECRET_A);
        }),
        new Case("default keys.txt under $XDG_CONFIG_HOME", false, t -> {
          t.env.put("XDG_CONFIG_HOME", t.home.resolve("xdg").toString());
          t.write("xdg/sops/age/keys.txt", SECRET_A + "\n");
          t.write(".config/sops/age/keys.txt", SECRET_B + "\n"); // not read: XDG wins
          return recipient(SECRET_A);
        }),
        new Case("default keys.txt on macOS", true, t -> {
          t.write("Library/Application Support/sops/age/keys.txt", SECRET_A + "\n");
          return recipient(SECRET_A);
        }),
        new Case("SOPS_AGE_SSH_PRIVATE_KEY_FILE", false, t -> {
          Path k = t.home.resolve("deploy_key");
          SshKeyFiles.ed25519(k);
          t.env.put("SOPS_AGE_SSH_PRIVATE_KEY_FILE", k.toString());
          return t.x25519Of(k);
        }),
        new Case("SOPS_AGE_SSH_PRIVATE_KEY_CMD", false, t -> {
          Path k = t.home.resolve("cmd_key");
          SshKeyFiles.ed25519(k);
          t.env.put("SOPS_AGE_SSH_PRIVATE_KEY_CMD", "vault-ssh");
          t.commandOutputs.put("vault-ssh", Files.readAllBytes(k));
          return t.x25519Of(k);
        }),
        new Case("~/.ssh/id_ed25519", false, t -> {
          Files.createDirectories(t.home.resolve(".ssh"));
          return SshKeyFiles.ed25519(t.home.resolve(".ssh/id_ed25519")).replace(" test@plumb", "");
        }),
        new Case("~/.ssh/id_rsa", false, t -> {
          Files.createDirectories(t.home.resolve(".ssh"));
          return SshKeyFiles.rsa(t.home.resolve(".ssh/id_rsa")).replace(" test@plumb", "");
        }));
  }

  @ParameterizedTest
  @MethodSource
  void eachSourceAlone(Case c) throws Exception {
    env.put("HOME", home.toString());
    String want = c.set().apply(this);
    KeySources s = sources(List.of(), c.macOs());
    LoadedKeys keys = s.load(env, "age1recipient");
    assertThat(keys.identities()).extracting(Identity::recipient).contains(want);
    if (want.startsWith("age1")) {
      Object got = new SopsDecryptor(s, env).decrypt("secret.yaml", encryptedFor(want)).first().reveal();
      assertThat(got).isEqualTo(Map.of("password", "hunter2-long-value"));
    }
  }

  @Test
  void withNothingSetTheReportListsEverySourceInSopsOrderAfterPlumbsOwn() {
    env.put("HOME", home.toString());
    LoadedKeys keys = sources(List.of(KeySource.absent("systemd credential age-key")), false).load(env, "age1x");
    assertThat(keys.identities()).isEmpty();
    assertThat(keys.tried()).containsExactly("systemd credential age-key: not provided",
        "SOPS_AGE_SSH_PRIVATE_KEY_FILE: not set", "SOPS_AGE_SSH_PRIVATE_KEY_CMD: not set",
        home.resolve(".ssh/id_ed25519") + ": absent", home.resolve(".ssh/id_rsa") + ": absent",
        "SOPS_AGE_KEY: not set", "SOPS_AGE_KEY_FILE: not set", "SOPS_AGE_KEY_CMD: not set",
        home.resolve(".config/sops/age/keys.txt") + ": absent");
  }

  @Test
  void everySourceCountsAndABrokenOneDoesNotHideTheOthers() throws Exception {
    env.put("HOME", home.toString());
    env.put("SOPS_AGE_KEY", SECRET_B);                                   // a key for another file
    env.put("SOPS_AGE_KEY_FILE", home.resolve("missing.txt").toString()); // broken
    env.put("SOPS_AGE_KEY_CMD", "no-such-tool");                          // fails
    write(".config/sops/age/keys.txt", SECRET_A + "\n");                  // the one that matches
    Path configured = write("plumb.txt", SECRET_B + "\n");
    KeySources s = sources(List.of(KeySource.file(configured)), false);
    LoadedKeys keys = s.load(env, "age1x");
    assertThat(keys.identities()).extracting(Identity::recipient)
        .containsExactly(recipient(SECRET_B), recipient(SECRET_B), recipient(SECRET_A));
    assertThat(keys.describe()).contains("SOPS_AGE_KEY_FILE " + home.resolve("missing.txt") + ": "
        + home.resolve("missing.txt") + " does not exist").contains("SOPS_AGE_KEY_CMD: no-such-tool failed (exit 3)");
    assertThat(new SopsDecryptor(s, env).decrypt("s.yaml", encryptedFor(recipient(SECRET_A))).first().reveal())
        .containsKey("password");
  }

  @Test
  void keyCommandsRunWithTheRecipientOfTheEntryAndTheGivenEnvironment() {
    env.put("HOME", home.toString());
    env.put("FROM_TALENV", "yes");
    env.put("SOPS_AGE_KEY_CMD", "op read x");
    commandOutputs.put("op", SECRET_A.getBytes(StandardCharsets.UTF_8));
    new SopsDecryptor(sources(List.of(), false), env).decrypt("s.yaml", encryptedFor(recipient(SECRET_A)));
    assertThat(commandEnvs).hasSize(1);
    assertThat(commandEnvs.get(0)).containsEntry("SOPS_AGE_RECIPIENT", recipient(SECRET_A))
        .containsEntry("FROM_TALENV", "yes");
  }

  @Test
  void whenNothingMatchesTheErrorNamesTheSourcesInOrderAndNoKey() throws Exception {
    env.put("HOME", home.toString());
    env.put("SOPS_AGE_KEY", SECRET_B);
    env.put("SOPS_AGE_KEY_CMD", "op read x"); // fails, its stderr carries a key
    Path ssh = home.resolve("locked");
    SshKeyFiles.encryptedEd25519(ssh);
    env.put("SOPS_AGE_SSH_PRIVATE_KEY_FILE", ssh.toString());
    String pem = Files.readString(ssh);
    assertThatThrownBy(() -> new SopsDecryptor(sources(List.of(), false), env).decrypt("talsecret.sops.yaml",
        encryptedFor(recipient(SECRET_A))))
        .isInstanceOf(SopsException.class)
        .hasMessageContaining("talsecret.sops.yaml: no age identity matches; the file is encrypted for [" + recipient(SECRET_A))
        .hasMessageContaining("plumb tried, in order: SOPS_AGE_SSH_PRIVATE_KEY_FILE " + ssh + ": " + ssh
            + ": the SSH private key is passphrase-protected")
        .hasMessageContaining("SOPS_AGE_KEY: 1 key [" + recipient(SECRET_B) + "]")
        .hasMessageContaining("SOPS_AGE_KEY_CMD: op failed (exit 3): op: not signed in <redacted>")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET_A).doesNotContain(SECRET_B)
            .doesNotContain("AGE-SECRET-KEY").doesNotContain(pem.lines().skip(1).findFirst().orElseThrow()));
  }

  @Test
  void keyCommandOutputIsRememberedWithinOneEnvironmentOnly() {
    env.put("HOME", home.toString());
    env.put("SOPS_AGE_KEY_CMD", "op read x");
    commandOutputs.put("op", SECRET_A.getBytes(StandardCharsets.UTF_8));
    SopsDecryptor root = new SopsDecryptor(sources(List.of(), false), Map.of());
    SopsDecryptor session = root.withEnv(env);
    byte[] file = encryptedFor(recipient(SECRET_A));
    session.decrypt("a.yaml", file);
    session.withEnv(env).decrypt("b.yaml", file);
    assertThat(commandEnvs).hasSize(1);
    root.withEnv(env).decrypt("c.yaml", file); // a new session runs it again
    assertThat(commandEnvs).hasSize(2);
  }

  Path write(String rel, String text) throws Exception {
    Path p = home.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  String x25519Of(Path sshKey) throws Exception {
    return SshPrivateKeys.parse(Files.readAllBytes(sshKey), "t").stream().filter(i -> i instanceof AgeIdentity)
        .findFirst().orElseThrow().recipient();
  }
}
