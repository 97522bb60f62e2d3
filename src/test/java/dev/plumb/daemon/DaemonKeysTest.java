package dev.plumb.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.sops.KeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's key settings: the documented default is the systemd credential age-key. */
class DaemonKeysTest {
  @TempDir Path dir;

  @Test
  void theDocumentedExampleDefaultsToTheSystemdCredential() {
    DaemonKeys keys = DaemonConfig.load(Path.of("daemon/plumb.yaml")).keys();
    assertThat(keys).isEqualTo(new DaemonKeys("age-key", List.of(), List.of(), Duration.ofSeconds(30)));
    assertThat(keys.sources(Map.of("CREDENTIALS_DIRECTORY", "/run/credentials/plumb.service")))
        .containsExactly(KeySource.optionalFile("systemd credential age-key",
            Path.of("/run/credentials/plumb.service/age-key")));
    assertThat(keys.sources(Map.of())).extracting(KeySource::label)
        .containsExactly("systemd credential age-key ($CREDENTIALS_DIRECTORY is not set)");
  }

  @Test
  void filesAndACommandComeAfterTheCredentialInOrder() throws Exception {
    Path cfg = dir.resolve("plumb.yaml");
    Files.writeString(cfg, "repository:\n  url: file:///x\nageKeyCredential: ''\nageKeyFiles: [/etc/plumb/k.txt]\n"
        + "ageKeyCommand: op read 'op://infra/plumb age key/password'\nageKeyCommandTimeout: 5s\n");
    DaemonKeys keys = DaemonConfig.load(cfg).keys();
    assertThat(keys.command()).containsExactly("op", "read", "op://infra/plumb age key/password");
    assertThat(keys.sources(Map.of())).containsExactly(KeySource.file(Path.of("/etc/plumb/k.txt")),
        KeySource.command("ageKeyCommand (op)", List.of("op", "read", "op://infra/plumb age key/password")));
    assertThat(keys.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void anUnterminatedQuoteInTheCommandIsAConfigError() throws Exception {
    Path cfg = dir.resolve("plumb.yaml");
    Files.writeString(cfg, "repository:\n  url: file:///x\nageKeyCommand: \"op read 'x\"\n");
    assertThatThrownBy(() -> DaemonConfig.load(cfg)).hasMessageContaining("ageKeyCommand: unterminated single quote");
  }
}
