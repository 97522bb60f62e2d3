package dev.plumb.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon config's signedCommits and notifications sections reach the daemon; both are off by default. */
class DaemonOpsConfigTest {
  @Test
  void signedCommitsAndNotificationsAreReadFromTheDaemonConfig(@TempDir Path dir) throws Exception {
    Path signers = Files.writeString(dir.resolve("allowed_signers"), "");
    Path token = Files.writeString(dir.resolve("token"), "t\n");
    Path f = dir.resolve("plumb.yaml");
    Files.writeString(f, "repository: {url: 'https://github.com/acme/fleet.git'}\n"
        + "signedCommits:\n  sshAllowedSignersFile: " + signers + "\n"
        + "notifications:\n  targets:\n    - {type: webhook, url: 'https://ci.invalid/hook'}\n"
        + "  commitStatus: {provider: github, tokenFile: " + token + "}\n");
    DaemonConfig c = DaemonConfig.load(f);
    assertThat(c.signedCommits().enabled()).isTrue();
    assertThat(c.signedCommits().sshAllowedSigners()).contains(signers);
    assertThat(c.notifications().targets()).hasSize(2);
  }

  @Test
  void netbootNeedsTheServerAndReadsItsTokens(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("home.token"), "tok\n");
    Path f = dir.resolve("plumb.yaml");
    Files.writeString(f, "repository: {url: file:///x}\nserver: {listen: '127.0.0.1:0'}\n"
        + "netboot: {enabled: true, tokenFiles: {home: " + token + "}}\n");
    DaemonConfig c = DaemonConfig.load(f);
    assertThat(c.netboot().enabled()).isTrue();
    assertThat(new String(c.netboot().tokens().get("home").reveal(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("tok");
    Files.writeString(f, "repository: {url: file:///x}\nnetboot: {enabled: true}\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DaemonConfig.load(f))
        .hasMessageContaining("netboot needs server.listen");
  }

  @Test
  void theDocumentedExampleChecksNoSignaturesAndNotifiesNobody() {
    DaemonConfig c = DaemonConfig.load(Path.of("daemon/plumb.yaml"));
    assertThat(c.signedCommits().enabled()).isFalse();
    assertThat(c.notifications().targets()).isEmpty();
    assertThat(c.netboot().enabled()).isFalse();
  }
}
