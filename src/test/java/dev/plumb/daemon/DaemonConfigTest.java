package dev.plumb.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.fleet.PlumbException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
  @Test
  void theDocumentedExampleLoadsWithItsStatedDefaults() {
    DaemonConfig c = DaemonConfig.load(Path.of("daemon/plumb.yaml"));
    assertThat(c.journalRetention()).isEqualTo(Retention.DEFAULT);
    assertThat(c.journalRetention().maxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void journalRetentionIsReadAndCheckedByName(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("plumb.yaml");
    Files.writeString(f, "repository: {url: file:///x}\njournal: {maxAge: 7d, maxEvents: 1000}\n");
    assertThat(DaemonConfig.load(f).journalRetention()).isEqualTo(new Retention(Duration.ofDays(7), 1000));
    Files.writeString(f, "repository: {url: file:///x}\njournal: {keep: 5}\n");
    assertThatThrownBy(() -> DaemonConfig.load(f)).isInstanceOf(PlumbException.class)
        .hasMessageContaining("unknown field 'journal.keep'");
    Files.writeString(f, "repository: {url: file:///x}\njournal: {maxEvents: 0}\n");
    assertThatThrownBy(() -> DaemonConfig.load(f)).hasMessageContaining("journal: expected a positive maxAge");
  }

  @Test
  void aKubeconfigPerClusterIsReadOnceIntoMemoryAndAMissingFileNamesFileAndField(@TempDir Path dir)
      throws Exception {
    Path kc = dir.resolve("home.kubeconfig");
    Files.writeString(kc, "apiVersion: v1\nkind: Config\n# client-key-data: c2VjcmV0\n");
    Path f = dir.resolve("plumb.yaml");
    Files.writeString(f, "repository: {url: file:///x}\nkubernetes:\n  home: {kubeconfig: " + kc + "}\n");
    DaemonConfig c = DaemonConfig.load(f);
    KubeconfigFiles.Entry home = c.kubeconfigs().forCluster("home").orElseThrow();
    assertThat(home.file()).isEqualTo(kc);
    Files.delete(kc); // read at start: later reconciles do not need the file
    assertThat(new String(home.bytes().reveal(), java.nio.charset.StandardCharsets.UTF_8)).contains("client-key-data");
    assertThat(c.toString()).doesNotContain("c2VjcmV0");
    assertThat(c.kubeconfigs().forCluster("lab")).isEmpty();
    assertThat(DaemonConfig.load(Path.of("daemon/plumb.yaml")).kubeconfigs().clusters()).isEmpty();

    Files.writeString(f, "repository: {url: file:///x}\nkubernetes:\n  home: {kubeconfig: " + kc + "}\n");
    assertThatThrownBy(() -> DaemonConfig.load(f)).isInstanceOf(PlumbException.class)
        .hasMessage(f + ": kubernetes.home.kubeconfig: cannot read " + kc + " (no such file)");
    Files.writeString(f, "repository: {url: file:///x}\nkubernetes:\n  home: {config: /x}\n");
    assertThatThrownBy(() -> DaemonConfig.load(f)).hasMessageContaining("unknown field 'kubernetes.home.config'");
    Files.writeString(f, "repository: {url: file:///x}\nkubernetes: [home]\n");
    assertThatThrownBy(() -> DaemonConfig.load(f)).hasMessageContaining("kubernetes: expected a map of cluster names");
  }
}
