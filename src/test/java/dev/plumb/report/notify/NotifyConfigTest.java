package dev.plumb.report.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The notifications section: targets from files and credentials, forge API roots, clear errors. */
class NotifyConfigTest {
  static final String REV = "0123456789abcdef0123456789abcdef01234567";

  static Object yaml(String s) {
    return new Load(LoadSettings.builder().build()).loadFromString(s);
  }

  static RolloutEvent started() {
    return new RolloutEvent(RolloutEvent.Kind.STARTED, "home", REV, "", "started", Instant.EPOCH);
  }

  @Test
  void readsTargetsAndDerivesTheCommitStatusApiFromTheRepositoryUrl(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("slack-url"), "https://hooks.slack.invalid/services/T/B/secret-part\n");
    Files.writeString(dir.resolve("creds-token"), "ghp_token\n");
    Object section = yaml("queueSize: 10\nmaxAttempts: 2\nfirstBackoff: 500ms\ntargets:\n"
        + "  - type: slack\n    urlFile: " + dir.resolve("slack-url") + "\n    channel: '#ops'\n"
        + "  - type: webhook\n    url: https://ci.invalid/plumb\n"
        + "commitStatus:\n  provider: github\n  tokenCredential: creds-token\n");
    NotifyConfig c = NotifyConfig.parse(dir.resolve("plumb.yaml"), section, "git@github.com:acme/fleet.git",
        Map.of("CREDENTIALS_DIRECTORY", dir.toString()));
    assertThat(c.targets()).hasSize(3);
    assertThat(c.settings().queueSize()).isEqualTo(10);
    assertThat(c.settings().maxAttempts()).isEqualTo(2);
    var gh = c.targets().get(2).request(started()).orElseThrow();
    assertThat(gh.uri().toString()).isEqualTo("https://api.github.com/repos/acme/fleet/statuses/" + REV);
    assertThat(gh.headers().firstValue("Authorization")).contains("Bearer ghp_token");
    assertThat(c.targets().get(0).request(started()).orElseThrow().uri().getPath())
        .isEqualTo("/services/T/B/secret-part");
    assertThat(c.targets().get(0).name()).doesNotContain("secret-part");
    assertThat(c.toString()).doesNotContain("secret-part").doesNotContain("ghp_token");
  }

  @Test
  void gitlabAndForgejoApiRootsComeFromTheirHostsWithNestedGroupsKept(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("t"), "x");
    NotifyConfig gl = NotifyConfig.parse(dir.resolve("p.yaml"), yaml("commitStatus:\n  provider: gitlab\n  tokenFile: "
        + dir.resolve("t") + "\n"), "https://gitlab.example.org/acme/infra/fleet.git", Map.of());
    assertThat(gl.targets().get(0).request(started()).orElseThrow().uri().toString())
        .isEqualTo("https://gitlab.example.org/api/v4/projects/acme%2Finfra%2Ffleet/statuses/" + REV);
    NotifyConfig fj = NotifyConfig.parse(dir.resolve("p.yaml"), yaml("commitStatus:\n  provider: forgejo\n  tokenFile: "
        + dir.resolve("t") + "\n"), "ssh://git@code.example.org:2222/acme/fleet.git", Map.of());
    assertThat(fj.targets().get(0).request(started()).orElseThrow().uri().toString())
        .isEqualTo("https://code.example.org/api/v1/repos/acme/fleet/statuses/" + REV);
  }

  @Test
  void badSectionsSayWhichFieldAndWhatWasExpected(@TempDir Path dir) {
    Path f = dir.resolve("plumb.yaml");
    assertThatThrownBy(() -> NotifyConfig.parse(f, yaml("targets:\n  - type: irc\n    url: https://x.invalid\n"), "", Map.of()))
        .hasMessageContaining("notifications.targets[0].type: expected slack, discord, msteams or webhook, got 'irc'");
    assertThatThrownBy(() -> NotifyConfig.parse(f, yaml("targets:\n  - type: slack\n"), "", Map.of()))
        .hasMessageContaining("notifications.targets[0] needs url, urlFile or urlCredential");
    assertThatThrownBy(() -> NotifyConfig.parse(f, yaml("commitStatus:\n  provider: github\n"),
        "https://github.com/acme/fleet", Map.of()))
        .hasMessageContaining("notifications.commitStatus needs tokenFile or tokenCredential");
    assertThatThrownBy(() -> NotifyConfig.parse(f, yaml("colour: red\n"), "", Map.of()))
        .hasMessageContaining("unknown field 'notifications.colour'");
    assertThatThrownBy(() -> NotifyConfig.parse(f, yaml("targets:\n  - type: slack\n    url: 'not a url'\n"), "", Map.of()))
        .hasMessageContaining("not an http(s) URL").hasMessageNotContaining("not a url");
  }

  @Test
  void noSectionMeansNoTargets() {
    assertThat(NotifyConfig.parse(Path.of("p.yaml"), null, "", Map.of()).targets()).isEqualTo(List.of());
  }
}
