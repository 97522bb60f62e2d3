package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb render under LC_ALL=C (an ASCII locale) with non-UTF-8 text and non-ASCII file names: messages, no stack traces. */
class RenderLocaleIT {
  static final String SECRETS = Path.of("src/test/resources/render/cases/secrets.yaml").toAbsolutePath().toString();

  private static String run(Path dir, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder();
    pb.command().addAll(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.plumb.Main"));
    pb.command().addAll(List.of(args));
    pb.environment().put("LC_ALL", "C");
    pb.environment().remove("LANG");
    Process p = pb.directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void latin1TextAndANonAsciiFileNameAreMessages(@TempDir Path dir) throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.write(repo.resolve("talconfig.yaml"), "clusterName: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    String latin1 = run(repo, "render", "--secrets", SECRETS, ".");
    assertThat(latin1).contains("talconfig.yaml:1:17: not UTF-8 text (byte 0xE9)").doesNotContain("\tat ");

    Files.write(repo.resolve("talconfig.yaml"), ("clusterName: c\ntalosVersion: v1.13.9\nkubernetesVersion: v1.35.0\n"
        + "endpoint: https://10.4.0.10:6443\nnodes:\n  - hostname: n1\n    ipAddress: 10.4.0.11\n"
        + "    controlPlane: true\n    installDisk: /dev/sda\n    patches:\n      - \"@./p\u00fc.yaml\"\n")
        .getBytes(StandardCharsets.UTF_8));
    Process mk = new ProcessBuilder("bash", "-c", "printf 'machine: {}\\n' > \"$(printf 'p\\303\\274.yaml')\"")
        .directory(repo.toFile()).start();
    assertThat(mk.waitFor()).isZero();
    String name = run(repo, "render", "--secrets", SECRETS, ".");
    assertThat(name).contains("error: the file name").contains("run plumb with a UTF-8 locale").doesNotContain("\tat ");
  }
}
