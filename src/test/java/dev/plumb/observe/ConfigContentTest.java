package dev.plumb.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Content comparison of machine configs: what another encoder may change, and what it may not. */
class ConfigContentTest {
  private static final String BASE = """
      # written by plumb
      version: v1alpha1
      machine:
        type: worker
        certSANs: []
        install:
          disk: /dev/sda
          wipe: false
        files:
          - path: /etc/x
            permissions: 0o644
      cluster:
        clusterName: demo
      ---
      apiVersion: v1alpha1
      kind: HostnameConfig
      hostname: w1
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        // Talos's encoder: v1alpha1 first, other key order, quoting, no comments (container.encodeToBuf)
        Arguments.of("keys reordered, quoted, comments dropped", """
            apiVersion: "v1alpha1"
            kind: "HostnameConfig"
            hostname: "w1"
            ---
            cluster: {clusterName: "demo"}
            machine:
                files: [{permissions: 420, path: '/etc/x'}]
                install: {wipe: false, disk: "/dev/sda"}
                type: 'worker'
            version: "v1alpha1"
            """, true),
        Arguments.of("an empty list left out, a null value", BASE.replace("  certSANs: []\n", "  certSANs:\n"), true),
        Arguments.of("a value changed", BASE.replace("disk: /dev/sda", "disk: /dev/sdb"), false),
        Arguments.of("a string where a bool was", BASE.replace("wipe: false", "wipe: \"false\""), false),
        Arguments.of("a document removed", BASE.substring(0, BASE.indexOf("---")), false),
        Arguments.of("a list filled", BASE.replace("certSANs: []", "certSANs: [a, b]"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameContentWhateverTheBytes(String what, String other, boolean same) {
    byte[] a = BASE.getBytes(StandardCharsets.UTF_8);
    byte[] b = other.getBytes(StandardCharsets.UTF_8);
    assertThat(ConfigContent.same(a, b)).isEqualTo(same);
  }

  @Test
  void listOrderIsContent() {
    byte[] ab = BASE.replace("certSANs: []", "certSANs: [a, b]").getBytes(StandardCharsets.UTF_8);
    byte[] ba = BASE.replace("certSANs: []", "certSANs: [b, a]").getBytes(StandardCharsets.UTF_8);
    assertThat(ConfigContent.same(ab, ba)).isFalse();
  }
}
