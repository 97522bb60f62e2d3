package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's model of Talos's config loading and validation. Each expectation is the text the
 * Go code builds: configloader/internal/decoder/decoder.go (document ids, duplicates, registry),
 * xyaml.CheckUnknownKeys, container/validate.go (v1alpha1.Config prefix, go-multierror format),
 * types/v1alpha1/v1alpha1_validation.go and types/network/hostname.go.
 */
class TalosConfigLoaderTest {
  private static final SimPki.KeyedCert CA = SimPki.ca("talos", Duration.ofDays(1));
  private static final String BASE = new String(SimConfigs.node("c", "w1", false, CA, "https://10.0.0.1:6443",
      "ghcr.io/siderolabs/installer:v1.13.9"), StandardCharsets.UTF_8);
  private static final String HOSTNAME_DOC = "---\napiVersion: v1alpha1\nkind: HostnameConfig\n";

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("stable hostname next to a HostnameConfig document",
            edit(s -> s.replace("  certSANs: []\n", "  certSANs: []\n  features:\n    stableHostname: true\n")),
            TalosConfigLoader.Stage.VALIDATE,
            "1 error occurred:\n\t* stable hostname is already set in v1alpha1 config\n\n"),
        Arguments.of("static v1alpha1 hostname next to a HostnameConfig document",
            edit(s -> s.replace("  certSANs: []\n", "  certSANs: []\n  network:\n    hostname: w1\n")),
            TalosConfigLoader.Stage.VALIDATE,
            "1 error occurred:\n\t* static hostname is already set in v1alpha1 config\n\n"),
        Arguments.of("unknown field", edit(s -> s.replace("  certSANs: []\n", "  certSANs: []\n  foo: bar\n")),
            TalosConfigLoader.Stage.PARSE,
            "error decoding document /v1alpha1/ (line 1): unknown keys found during decoding:\nmachine:\n    foo: bar\n"),
        Arguments.of("unknown kind", edit(s -> s + "---\napiVersion: v1alpha1\nkind: FooConfig\n"),
            TalosConfigLoader.Stage.PARSE,
            "error decoding document v1alpha1/FooConfig/ (line 26): \"FooConfig\" \"v1alpha1\": not registered"),
        Arguments.of("duplicate document", edit(s -> s + HOSTNAME_DOC + "hostname: w2\n"),
            TalosConfigLoader.Stage.PARSE,
            "duplicate document v1alpha1/HostnameConfig/ is not allowed (line 26)"),
        Arguments.of("unknown machine type", edit(s -> s.replace("type: worker", "type: bogus")),
            TalosConfigLoader.Stage.VALIDATE,
            "1 error occurred:\n\t* v1alpha1.Config: 1 error occurred:\n\t* unknown machine type \"bogus\"\n\n\n\n"),
        Arguments.of("endpoint without a host", edit(s -> s.replace("https://10.0.0.1:6443", "cp.example:6443")),
            TalosConfigLoader.Stage.VALIDATE,
            "1 error occurred:\n\t* v1alpha1.Config: 1 error occurred:\n\t* invalid controlplane endpoint:"
                + " hostname must not be blank\n\n\n\n"),
        Arguments.of("a list where a string belongs",
            edit(s -> s.replace("    image: ghcr.io/siderolabs/kubelet:v1.34.1", "    image: [a]")),
            TalosConfigLoader.Stage.PARSE,
            "error decoding document /v1alpha1/ (line 1): error decoding  to *v1alpha1.Config: yaml: unmarshal"
                + " errors:\n  line 12: cannot unmarshal !!seq into string"),
        Arguments.of("hostname and auto together",
            edit(s -> s.replace("hostname: w1\n", "hostname: w1\nauto: stable\n")),
            TalosConfigLoader.Stage.VALIDATE,
            "1 error occurred:\n\t* HostnameConfig: 'auto' and 'hostname' cannot be set at the same time\n\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesAsTalosDoes(String what, String config, TalosConfigLoader.Stage stage, String message) {
    assertThatThrownBy(() -> TalosConfigLoader.load(config.getBytes(StandardCharsets.UTF_8), "v1.13.9"))
        .isInstanceOfSatisfying(TalosConfigLoader.Refused.class, e -> {
          assertThat(e.stage()).isEqualTo(stage);
          assertThat(e.getMessage()).isEqualTo(message);
        });
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("the simulator's own config", BASE, "v1.13.9"),
        Arguments.of("a go-yaml 1.1 boolean in a bool field", edit(s -> s.replace("wipe: false", "wipe: no")),
            "v1.13.9"),
        Arguments.of("a number in a string field", edit(s -> s.replace("disk: /dev/sda", "disk: 1234")), "v1.13.9"),
        Arguments.of("a null value", edit(s -> s.replace("  certSANs: []\n", "  certSANs:\n")), "v1.13.9"),
        Arguments.of("a legacy field the v1.13 schema hides",
            edit(s -> s.replace("hostname: w1\n", "auto: stable\n")
                .replace("  certSANs: []\n", "  certSANs: []\n  network:\n    nameservers: [1.1.1.1]\n")), "v1.13.9"),
        // Args (v1.13 extraArgs: a string or a list) decodes a number as its string
        Arguments.of("a number as a kubelet argument", edit(s -> s.replace("    image: ghcr.io/siderolabs/kubelet:v1.34.1\n",
            "    image: ghcr.io/siderolabs/kubelet:v1.34.1\n    extraArgs:\n      image-gc-low-threshold: 50\n")),
            "v1.13.9"),
        Arguments.of("a v1.8 config without documents", BASE.substring(0, BASE.indexOf("---")), "v1.8.4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void acceptsWhatTalosAccepts(String what, String config, String version) {
    assertThat(TalosConfigLoader.load(config.getBytes(StandardCharsets.UTF_8), version).hasV1alpha1()).isTrue();
  }

  private static String edit(UnaryOperator<String> f) {
    return f.apply(BASE);
  }
}
