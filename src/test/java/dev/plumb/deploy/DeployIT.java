package dev.plumb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/: the unit keeps its hardening (parsed here, and scored by systemd-analyze where the
 * machine has it), its stop timeout covers the daemon's longest uninterruptible step, and
 * install.sh puts jar, libraries, config, readiness check and unit where the unit expects them.
 */
class DeployIT {
  static final Path UNIT = Path.of("deploy/plumb.service");
  /** The Talos Upgrade call deadline of the daemon (GrpcTalosClient.Timeouts upgrade, set in Reconciler). */
  static final Duration LONGEST_STEP = Duration.ofMinutes(15);

  /** The [Service] section: each key with every value it is given (SystemCallFilter= comes twice). */
  static Map<String, List<String>> service() throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String section = "";
    String pending = "";
    for (String line : Files.readAllLines(UNIT, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending += line.substring(0, line.length() - 1);
        continue;
      }
      line = pending + line;
      pending = "";
      if (line.startsWith("[")) {
        section = line;
      } else if (section.equals("[Service]")) {
        int eq = line.indexOf('=');
        out.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
      }
    }
    return out;
  }

  @Test
  void theUnitKeepsTheSandboxThatAJvmTolerates() throws Exception {
    Map<String, List<String>> s = service();
    Map<String, String> want = Map.ofEntries(Map.entry("NoNewPrivileges", "true"), Map.entry("ProtectSystem", "strict"),
        Map.entry("ProtectHome", "true"), Map.entry("PrivateTmp", "true"), Map.entry("PrivateDevices", "true"),
        Map.entry("PrivateUsers", "true"), Map.entry("ProtectClock", "true"), Map.entry("ProtectHostname", "true"),
        Map.entry("ProtectKernelLogs", "true"), Map.entry("ProtectKernelTunables", "true"),
        Map.entry("ProtectKernelModules", "true"), Map.entry("ProtectControlGroups", "true"),
        Map.entry("ProtectProc", "invisible"), Map.entry("RestrictRealtime", "true"), Map.entry("RestrictSUIDSGID", "true"),
        Map.entry("RestrictNamespaces", "true"), Map.entry("LockPersonality", "true"), Map.entry("UMask", "0077"),
        Map.entry("CapabilityBoundingSet", ""), Map.entry("SystemCallArchitectures", "native"),
        Map.entry("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"), Map.entry("User", "plumb"),
        Map.entry("SystemCallErrorNumber", "EPERM"));
    want.forEach((k, v) -> assertThat(s.get(k)).as(k).containsExactly(v));
    assertThat(s.get("SystemCallFilter")).containsExactly("@system-service", "~@privileged @resources");
    assertThat(s).doesNotContainKey("MemoryDenyWriteExecute"); // the JIT needs writable code
    assertThat(s.get("ExecStart").get(0)).startsWith("/usr/bin/java ").contains("-XX:+ExitOnOutOfMemoryError")
        .endsWith("daemon --config /etc/plumb/plumb.yaml");
  }

  @Test
  void readinessFollowsReadyzAndTheStopTimeoutCoversTheLongestStep() throws Exception {
    Map<String, List<String>> s = service();
    assertThat(s.get("Type")).containsExactly("exec");
    assertThat(s.get("ExecStartPost")).containsExactly("-/opt/plumb/plumb-wait-ready");
    assertThat(Files.readString(Path.of("deploy/plumb-wait-ready"))).contains("curl -fsS").contains("PLUMB_READY_URL");
    assertThat(minutes(s.get("TimeoutStopSec").get(0))).isGreaterThan(LONGEST_STEP.toMinutes());
    // the readiness wait gives up before systemd would fail the start
    int readyTimeout = Integer.parseInt(s.get("Environment").stream().filter(e -> e.startsWith("PLUMB_READY_TIMEOUT="))
        .findFirst().orElseThrow().substring("PLUMB_READY_TIMEOUT=".length()));
    assertThat(minutes(s.get("TimeoutStartSec").get(0)) * 60).isGreaterThan(readyTimeout);
    assertThat(s.get("KillSignal")).containsExactly("SIGTERM");
  }

  @Test
  void systemdRatesTheUnitAtMostTwoAndVerifiesItClean() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
    String sec = run("systemd-analyze", "security", "--offline=yes", UNIT.toString());
    Matcher m = Pattern.compile("Overall exposure level for plumb.service: (\\d+\\.\\d)").matcher(sec);
    assertThat(m.find()).as(sec).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isLessThanOrEqualTo(2.0);
    assertThat(run("systemd-analyze", "verify", UNIT.toString())).isEmpty();
  }

  @Test
  void installShStagesJarLibrariesConfigCheckAndUnit(@TempDir Path root) throws Exception {
    assumeTrue(Files.exists(Path.of("target/plumb.jar")), "the jar is built in the package phase");
    ProcessBuilder pb = new ProcessBuilder("bash", "deploy/install.sh").redirectErrorStream(true);
    pb.environment().put("DESTDIR", root.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(root.resolve("opt/plumb/plumb.jar")).exists();
    try (var libs = Files.list(root.resolve("opt/plumb/lib"))) {
      assertThat(libs.map(x -> x.getFileName().toString())).anyMatch(n -> n.startsWith("org.eclipse.jgit"));
    }
    assertThat(Files.isExecutable(root.resolve("opt/plumb/plumb-wait-ready"))).isTrue();
    assertThat(root.resolve("etc/plumb/plumb.yaml")).hasSameTextualContentAs(Path.of("daemon/plumb.yaml"));
    assertThat(root.resolve("etc/systemd/system/plumb.service")).hasSameTextualContentAs(UNIT);
    assertThat(Files.isExecutable(root.resolve("usr/local/bin/plumb"))).isTrue();
    // every path the unit names is one install.sh put in place
    for (String path : List.of("/opt/plumb/plumb.jar", "/opt/plumb/plumb-wait-ready", "/etc/plumb/plumb.yaml")) {
      assertThat(Files.readString(UNIT)).contains(path);
      assertThat(root.resolve(path.substring(1))).exists();
    }
  }

  private static long minutes(String v) {
    Matcher m = Pattern.compile("(\\d+)min").matcher(v);
    assertThat(m.matches()).as("a duration in minutes: " + v).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out.strip();
  }
}
