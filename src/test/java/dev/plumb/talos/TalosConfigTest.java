package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.fleet.PlumbException;
import dev.plumb.sim.SimPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TalosConfigTest {
  private static final Path FILE = Path.of("talosconfig");

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsContextsWithBase64PemAndTheEd25519KeyLabel() {
    SimPki.KeyedCert ca = SimPki.ca("talos", Duration.ofDays(1));
    SimPki.KeyedCert client = SimPki.client(ca, List.of("os:admin"));
    String keyPem = Pem.encode(client.key());
    assertThat(keyPem).startsWith("-----BEGIN ED25519 PRIVATE KEY-----\nMC4CAQAwBQYDK2Vw");
    String yaml = "context: prod\ncontexts:\n  prod:\n    endpoints: [10.0.0.1, 10.0.0.2:50001]\n"
        + "    nodes: [10.0.0.5]\n    target: 10.0.0.9\n"
        + "    ca: " + b64(Pem.encode(ca.cert())) + "\n"
        + "    crt: " + b64(Pem.encode(client.cert())) + "\n"
        + "    key: " + b64(keyPem) + "\n"
        + "  lab:\n    endpoints: [lab]\n";
    TalosConfig cfg = TalosConfig.parse(FILE, yaml);
    TalosContext ctx = cfg.context(Optional.empty());
    assertThat(ctx.name()).isEqualTo("prod");
    assertThat(ctx.endpoints()).containsExactly("10.0.0.1", "10.0.0.2:50001", "10.0.0.9");
    assertThat(ctx.nodes()).containsExactly("10.0.0.5");
    assertThat(ctx.hasIdentity()).isTrue();
    assertThat(Pem.privateKey(ctx.key(), "key").getEncoded()).isEqualTo(client.key().getEncoded());
    assertThat(Pem.certificates(ctx.ca(), "ca").get(0)).isEqualTo(ca.cert());
    assertThat(ctx.toString()).doesNotContain("PRIVATE");
    assertThat(cfg.context(Optional.of("lab")).hasIdentity()).isFalse();
  }

  @Test
  void namesTheMissingContextAndTheKnownOnes() {
    TalosConfig cfg = TalosConfig.parse(FILE, "context: gone\ncontexts:\n  a: {endpoints: [x]}\n");
    assertThatThrownBy(() -> cfg.context(Optional.empty()))
        .isInstanceOf(PlumbException.class)
        .hasMessageContaining("no context 'gone'").hasMessageContaining("[a]");
    assertThatThrownBy(() -> cfg.context(Optional.of("b"))).hasMessageContaining("no context 'b'");
  }

  @Test
  void rejectsAnUnreadableKeyWithTheContextNamed() {
    String yaml = "context: a\ncontexts:\n  a:\n    endpoints: [x]\n    ca: " + b64("nope") + "\n"
        + "    crt: " + b64("nope") + "\n    key: " + b64("-----BEGIN ED25519 PRIVATE KEY-----\nAAAA\n"
        + "-----END ED25519 PRIVATE KEY-----\n") + "\n";
    TalosContext ctx = TalosConfig.parse(FILE, yaml).context(Optional.empty());
    assertThatThrownBy(() -> Pem.privateKey(ctx.key(), "talosconfig context 'a' key"))
        .hasMessageContaining("talosconfig context 'a' key").hasMessageContaining("not a PKCS#8");
    assertThatThrownBy(() -> TalosChannels.forContext(ctx))
        .hasMessageContaining("talosconfig context 'a' ca").hasMessageContaining("no PEM CERTIFICATE");
  }

  @Test
  void rejectsBadYamlAndBadBase64() {
    assertThatThrownBy(() -> TalosConfig.parse(FILE, "context: [unclosed"))
        .hasMessageContaining("talosconfig talosconfig is not valid YAML");
    assertThatThrownBy(() -> TalosConfig.parse(FILE, "contexts:\n  a:\n    ca: '%%%'\n"))
        .hasMessageContaining("contexts.a.ca: expected base64-encoded PEM");
  }

  @Test
  void locatesTheFileAsTalosctlDoes() {
    Path home = Path.of("/home/u");
    assertThat(TalosConfig.locate(Optional.of(Path.of("/f")), Map.of("TALOSCONFIG", "/e"), home))
        .isEqualTo(Path.of("/f"));
    assertThat(TalosConfig.locate(Optional.empty(), Map.of("TALOSCONFIG", "/e"), home)).isEqualTo(Path.of("/e"));
    assertThat(TalosConfig.locate(Optional.empty(), Map.of("TALOS_HOME", "/t"), home))
        .isEqualTo(Path.of("/t/config"));
    assertThat(TalosConfig.locate(Optional.empty(), Map.of(), home)).isEqualTo(Path.of("/home/u/.talos/config"));
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> TalosConfig.load(Path.of("/nonexistent/talosconfig")))
        .hasMessage("talosconfig /nonexistent/talosconfig does not exist");
  }
}
