package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumb patch}, held to talosctl machineconfig patch (siderolabs/talos
 * cmd/talosctl/cmd/mgmt/machineconfig/patch.go and configpatcher/load.go).
 */
class PatchCommandTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void atFileIsAPatchFileNotPicocliArguments() throws IOException {
    // with picocli's @file expansion on, the file would be split into arguments and fail to parse
    Path cfg = write("cp.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\n  certSANs: [a]\n");
    Path patch = write("p.yaml", "machine:\n  certSANs: [b]\n");
    CliRun r = CliRun.of("patch", cfg.toString(), "--patch", "@" + patch);
    assertThat(r.code()).as(r.err()).isZero();
    // token and certSANs have no omitempty in Talos's MachineConfig, so yaml.Marshal writes them
    assertThat(r.out()).isEqualTo("version: v1alpha1\nmachine:\n  type: controlplane\n  token: \"\"\n  certSANs:\n    - a\n"
        + "    - b\n\n");
  }

  @Test
  void bareFileNameInlineTextAndJsonPatchesInOrder() throws IOException {
    Path cfg = write("w.yaml", "version: v1alpha1\nmachine:\n  type: worker\n");
    Path patch = write("labels.yaml", "machine:\n  nodeLabels:\n    zone: a\n");
    CliRun r = CliRun.of("patch", cfg.toString(), "-p", patch.toString(), "-p", "machine: {nodeLabels: {rack: r1}}",
        "-p", "[{\"op\": \"remove\", \"path\": \"/machine/nodeLabels/zone\"}]");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("nodeLabels:\n    rack: r1\n").doesNotContain("zone");
  }

  @Test
  void jsonPatchOnMultiDocumentConfigFailsAsInTalos() throws IOException {
    // talos#12510: a 1.12 config has a HostnameConfig document, and JSON patches refuse it
    Path cfg = write("cp.yaml", "version: v1alpha1\nmachine:\n  type: controlplane\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n");
    CliRun r = CliRun.of("patch", cfg.toString(), "-p", "- op: replace\n  path: /cluster/clusterName\n  value: test\n");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("JSON6902 patches are not supported for multi-document machine configuration");
  }

  @Test
  void deletingAMissingKeyFailsWithTalosLookupError() throws IOException {
    Path cfg = write("cp.yaml", "version: v1alpha1\nmachine: {}\n");
    CliRun r = CliRun.of("patch", cfg.toString(), "-p", "machine:\n  network:\n    hostname:\n      $patch: delete\n");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to"
        + " delete path 'machine.network.hostname': lookup failed");
  }

  @Test
  void outputFileWithParentsAndMode0644() throws IOException {
    Path cfg = write("cp.yaml", "version: v1alpha1\nmachine:\n  type: worker\n");
    Path out = dir.resolve("a/b/out.yaml");
    CliRun r = CliRun.of("patch", cfg.toString(), "-p", "machine: {type: controlplane}", "-o", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out)).isEqualTo("version: v1alpha1\nmachine:\n  type: controlplane\n  token: \"\"\n"
        + "  certSANs: []\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
  }

  @Test
  void missingPatchFileAndNoPatchAtAll() throws IOException {
    Path cfg = write("cp.yaml", "version: v1alpha1\nmachine:   {type: worker}\n");
    CliRun missing = CliRun.of("patch", cfg.toString(), "-p", "@" + dir.resolve("nope.yaml"));
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("open " + dir.resolve("nope.yaml") + ": no such file or directory");
    // apply.go: with no patch the input bytes come back as they were
    CliRun none = CliRun.of("patch", cfg.toString());
    assertThat(none.out()).isEqualTo("version: v1alpha1\nmachine:   {type: worker}\n\n");
  }
}
