package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb render on the bad input users stumble into: clear messages, no stack trace, no half-written output. */
class RenderBadInputTest {
  static final String SECRETS = Path.of("src/test/resources/render/cases/secrets.yaml").toAbsolutePath().toString();

  @TempDir Path dir;

  private Path repo(String nodesExtra, int nodes) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    StringBuilder sb = new StringBuilder("clusterName: c\ntalosVersion: v1.13.9\nkubernetesVersion: v1.35.0\n"
        + "endpoint: https://10.4.0.10:6443\nnodes:\n");
    for (int i = 1; i <= nodes; i++) {
      sb.append("  - hostname: n").append(i).append("\n    ipAddress: 10.4.0.").append(10 + i)
          .append("\n    controlPlane: ").append(i == 1).append("\n    installDisk: /dev/sda\n");
      if (i == nodes) {
        sb.append(nodesExtra);
      }
    }
    Files.writeString(repo.resolve("talconfig.yaml"), sb.toString());
    return repo;
  }

  private static CliRun render(Path repo, Path out) {
    return CliRun.of("render", "--no-env-files", "--secrets", SECRETS, repo.toString(), "--out", out.toString());
  }

  private static void noStackTrace(CliRun r) {
    assertThat(r.out() + r.err()).doesNotContain("\tat ", "Exception:", "Error:");
  }

  @Test
  void aGoodRepositoryIsWrittenWhole() throws IOException {
    Path out = dir.resolve("out");
    CliRun r = render(repo("", 5), out);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("c-n1.yaml", "c-n2.yaml", "c-n3.yaml", "c-n4.yaml", "c-n5.yaml", "talosconfig");
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).as("no temporary directory left").containsOnly("repo", "out");
    }
  }

  @Test
  void aBrokenSecretOnTheFifthNodeWritesNothing() throws IOException {
    Path repo = repo("    machineFiles:\n      - content: \"@./files/broken.sops.yaml\"\n"
        + "        path: /var/etc/x\n        permissions: 0o644\n        op: create\n", 5);
    Files.createDirectories(repo.resolve("files"));
    Files.writeString(repo.resolve("files/broken.sops.yaml"), "a: ENC[AES256_GCM,data:xx,iv:yy,tag:zz,type:str]\n"
        + "sops:\n  mac: ENC[AES256_GCM,data:xx,iv:yy,tag:zz,type:str]\n  version: 3.9.0\n");
    Path fresh = dir.resolve("fresh");
    CliRun r = render(repo, fresh);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("broken.sops.yaml").contains("nothing written to");
    noStackTrace(r);
    assertThat(fresh).doesNotExist();

    Path existing = Files.createDirectories(dir.resolve("existing"));
    Files.writeString(existing.resolve("c-n1.yaml"), "old\n");
    assertThat(render(repo, existing).code()).isEqualTo(1);
    try (Stream<Path> s = Files.list(existing)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("c-n1.yaml");
    }
    assertThat(Files.readString(existing.resolve("c-n1.yaml"))).isEqualTo("old\n");
  }

  @Test
  void aFilenameTemplateNeverWritesOutsideOut() throws IOException {
    for (String tmpl : new String[] {"../escaped-{{ .Hostname }}.yaml", "/tmp/abs-{{ .Hostname }}.yaml", ".."}) {
      Path out = dir.resolve("out");
      CliRun r = render(repo("    filenameTmpl: \"" + tmpl + "\"\n", 2), out);
      assertThat(r.code()).as(tmpl).isEqualTo(1);
      assertThat(r.out()).contains("filenameTmpl: node n2:").contains("would be written outside --out");
      assertThat(out).doesNotExist();
      assertThat(dir.resolve("escaped-n2.yaml")).doesNotExist();
      assertThat(Path.of("/tmp/abs-n2.yaml")).doesNotExist();
      noStackTrace(r);
    }
  }

  @Test
  void outNamingAnExistingFileIsAMessage() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    CliRun r = render(repo("", 1), file);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("error: --out " + file + " is an existing file, not a directory");
    noStackTrace(r);
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void tenThousandLevelsOfNestingIsAMessage() throws IOException {
    Path repo = repo("", 1);
    Files.writeString(repo.resolve("talconfig.yaml"), "x: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    CliRun r = render(repo, dir.resolve("out"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("talconfig.yaml:").contains("nested deeper than 64 levels");
    noStackTrace(r);
  }

  @Test
  void aYamlErrorUnderTheSchemaCommentIsTheYamlError() throws IOException {
    Path repo = repo("", 1);
    Files.writeString(repo.resolve("talconfig.yaml"), "# yaml-language-server: $schema=https://example/t.json\n"
        + Files.readString(repo.resolve("talconfig.yaml")) + "  - hostname: [broken\n");
    CliRun r = render(repo, dir.resolve("out"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("invalid YAML").doesNotContain("schema");
  }

  @Test
  void aMegabyteValueIsNotEchoedBack() throws IOException {
    Path repo = repo("", 1);
    String big = "a".repeat(1_000_000);
    Files.writeString(repo.resolve("talconfig.yaml"), Files.readString(repo.resolve("talconfig.yaml"))
        .replace("hostname: n1", "hostname: " + big));
    CliRun r = render(repo, dir.resolve("out"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().length()).isLessThan(5_000);
    assertThat(r.out()).contains("characters left out");
  }

  @Test
  void textThatIsNotUtf8IsAMessageNamingFileLineAndColumn() throws IOException {
    Path repo = repo("", 1);
    byte[] latin1 = "clusterName: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(repo.resolve("talconfig.yaml"), latin1);
    CliRun r = render(repo, dir.resolve("out"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("talconfig.yaml:1:17: not UTF-8 text (byte 0xE9)");
    noStackTrace(r);
  }
}
