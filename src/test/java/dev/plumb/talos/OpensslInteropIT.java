package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plumb.sim.SimHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-Java TLS stack talks to simulated nodes: OpenSSL's s_client with the talosconfig that
 * {@code plumb sim} writes. Real apid certificates verify in OpenSSL, BoringSSL and Go alike
 * (controllers/secrets/api.go: CN = FQDN, SANs = addresses and names, issued by Go's crypto/x509,
 * which adds key identifiers), so the simulator's must too.
 */
class OpensslInteropIT {
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");

  @TempDir
  Path dir;

  @Test
  void openSslVerifiesTheApidCertificateAgainstTheTalosconfigCa() throws Exception {
    assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      sim.fleet.writeFiles(dir);
      TalosContext ctx = TalosConfig.parse(dir.resolve("talosconfig"),
          Files.readString(dir.resolve("talosconfig"))).context(Optional.empty());
      Files.writeString(dir.resolve("ca.pem"), ctx.ca());
      Files.writeString(dir.resolve("crt.pem"), ctx.crt());
      // Talos labels the PKCS#8 Ed25519 key "ED25519 PRIVATE KEY", a label OpenSSL does not read;
      // the key itself it accepts once the same DER is labelled "PRIVATE KEY"
      assertThat(ctx.key()).contains("-----BEGIN ED25519 PRIVATE KEY-----");
      Files.writeString(dir.resolve("key.pem"), ctx.key().replace("ED25519 PRIVATE KEY", "PRIVATE KEY"));
      for (String node : List.of("cp-1", "worker-1")) {
        String address = sim.fleet.node(node).address();
        String out = sClient(address + ":" + sim.fleet.port(), "-verify_return_error", "-verify_ip", address,
            "-CAfile", dir.resolve("ca.pem").toString(), "-cert", dir.resolve("crt.pem").toString(),
            "-key", dir.resolve("key.pem").toString());
        assertThat(out).as(node).contains("Verify return code: 0 (ok)").contains("ALPN protocol: h2")
            .contains("subject=CN = " + sim.fleet.node(node).hostname());
      }
    }
  }

  @Test
  void theMaintenanceCertificateIsALeafOfItsOwnCaNotASelfSignedCertificate() throws Exception {
    assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
    try (SimHarness sim = SimHarness.maintenance(1, 0)) {
      String address = sim.fleet.node("worker-1").address();
      String out = sClient(address + ":" + sim.fleet.port());
      // maintenance.go: CN maintenance-service.talos.dev under a CA made at boot, unknown to the client
      assertThat(out).contains("subject=CN = maintenance-service.talos.dev")
          .contains("Verify return code: 21 (unable to verify the first certificate)")
          .doesNotContain("self-signed certificate").contains("ALPN protocol: h2");
    }
  }

  private String sClient(String connect, String... extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(OPENSSL.toString(), "s_client", "-connect", connect, "-alpn", "h2"));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        Files.writeString(dir.resolve("stdin"), "").toFile())).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("openssl s_client did not finish");
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
