package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's first command: {@code plumb demo --exit-when-converged}, end to end on wall-clock time. */
class DemoIT {
  @Test
  void theDemoConfiguresTheFleetThenRollsOutARebootingChange(@TempDir Path ws) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("demo", "--exit-when-converged", "--workspace", ws.toString(), "--timeout", "3m");
    } finally {
      System.setOut(out);
    }
    String log = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(log).isZero();
    assertThat(log).contains("wave 'provision control planes'", "cp-1: bootstrap etcd: etcd bootstrapped",
        "wave 'control plane cp-2'", "wave 'workers worker-1, worker-2'", "converged: every node runs the config");
    assertThat(log.indexOf("wave 'control plane cp-1'")).isLessThan(log.indexOf("wave 'control plane cp-2'"));
    // the apps are applied in the first phase, after the node waves, and shown healthy
    int firstManifests = log.indexOf("wave 'manifests'");
    assertThat(firstManifests).as(log).isGreaterThan(log.indexOf("wave 'provision workers'"))
        .isLessThan(log.indexOf("== 2/2"));
    assertThat(log).contains("apps: apps/Deployment/hello/hello healthy", "apps: Namespace/hello healthy");
    assertThat(log).doesNotContain("BEGIN", "secretbox", "AGE-SECRET-KEY");
    assertThat(Files.exists(ws.resolve("fleet/.git"))).isTrue();
    assertThat(Files.readString(ws.resolve("talosconfig"))).contains("context: demo");
  }
}
