package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's own model of Talos's CanApplyImmediate (siderolabs/talos,
 * internal/app/machined/pkg/runtime/v1alpha1/v1alpha1_runtime.go): the live fields are copied from
 * the current typed v1alpha1 config into the new one, then the two are deep-compared.
 */
class ImmediateCheckTest {
  private static final String BASE = "version: v1alpha1\nmachine:\n  type: worker\n"
      + "  sysctls: {a: '1'}\n  features: {rbac: true, kubePrism: {enabled: true}}\n"
      + "cluster:\n  clusterName: c\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: n1\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("sysctls change live", BASE.replace("a: '1'", "a: '2'"), false),
        Arguments.of("cluster changes live", BASE.replace("clusterName: c", "clusterName: d"), false),
        Arguments.of("other documents change live", BASE.replace("hostname: n1", "hostname: n2"), false),
        Arguments.of("kubePrism changes live", BASE.replace("enabled: true", "enabled: false"), false),
        Arguments.of("machine.type needs a reboot", BASE.replace("type: worker", "type: controlplane"), true),
        Arguments.of("features.rbac needs a reboot", BASE.replace("rbac: true", "rbac: false"), true),
        Arguments.of("machine.files needs a reboot",
            BASE.replace("  sysctls:", "  files: [{path: /x, content: y, op: create}]\n  sysctls:"), true),
        Arguments.of("no change", BASE, false),
        // typed comparison: key order, quoting and explicit nulls are not differences
        Arguments.of("key order only", BASE.replace("{rbac: true, kubePrism: {enabled: true}}",
            "{kubePrism: {enabled: true}, rbac: true}"), false),
        Arguments.of("quoted bool is the same value", BASE.replace("rbac: true", "rbac: 'true'"), false),
        Arguments.of("null is absent", BASE.replace("  type: worker\n", "  type: worker\n  env: null\n"), false),
        Arguments.of("machine.install changes live",
            BASE.replace("  sysctls:", "  install: {image: 'x:v2'}\n  sysctls:"), false),
        // the features fields are copied only when both configs have features (a nil pointer in Go)
        Arguments.of("dropping features needs a reboot",
            BASE.replace("  features: {rbac: true, kubePrism: {enabled: true}}\n", ""), true),
        Arguments.of("machine.env needs a reboot",
            BASE.replace("  type: worker\n", "  type: worker\n  env: {A: b}\n"), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesLikeCanApplyImmediate(String name, String next, boolean reboot) {
    var reason = TalosImmediateRule.refusal(typed(BASE), typed(next));
    assertThat(reason.isPresent()).isEqualTo(reboot);
    reason.ifPresent(r -> assertThat(r).startsWith("this config change can't be applied in immediate mode\ndiff:\n--- a\n+++ b\n"));
  }

  @org.junit.jupiter.api.Test
  void refusalShowsTheDiffOfWhatIsLeftAfterTheLiveFieldsAreCopied() {
    String next = BASE.replace("type: worker", "type: controlplane").replace("a: '1'", "a: '9'");
    String reason = TalosImmediateRule.refusal(typed(BASE), typed(next)).orElseThrow();
    assertThat(reason).contains("-    type: worker\n+    type: controlplane\n").doesNotContain("9");
  }

  private static TypedConfig typed(String s) {
    return TypedConfig.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
