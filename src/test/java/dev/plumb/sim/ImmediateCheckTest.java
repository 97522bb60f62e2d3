package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        Arguments.of("no change", BASE, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesLikeCanApplyImmediate(String name, String next, boolean reboot) {
    var reason = dev.plumb.plan.RebootRules.rebootReason(view(BASE).v1alpha1(), view(next).v1alpha1());
    assertThat(reason.isPresent()).isEqualTo(reboot);
    reason.ifPresent(r -> assertThat(r).startsWith("this config change can't be applied in immediate mode\ndiff:\n--- a\n+++ b\n"));
  }

  private static MachineConfigView view(String s) {
    return MachineConfigView.parse(s.getBytes(StandardCharsets.UTF_8));
  }
}
