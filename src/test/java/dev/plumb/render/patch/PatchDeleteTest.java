package dev.plumb.render.patch;

import static dev.plumb.render.patch.PatchFixture.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code $patch: delete} that Talos refuses, with Talos's own words (each row cites where). */
class PatchDeleteTest {
  static Stream<Arguments> refused() {
    return Stream.of(
        // configpatcher/apply_test.go TestPatchDeleteMissing (testdata/patchdeletemissing)
        Arguments.of("version: v1alpha1\nmachine: {}", "machine:\n  network:\n    hostname:\n      $patch: delete\n",
            "patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to delete path"
                + " 'machine.network.hostname': lookup failed", 4),
        // a missing map key (cozystack/talm#144 quotes this message from talosctl)
        Arguments.of("version: v1alpha1\nmachine: {nodeLabels: {a: b}}",
            "machine:\n  nodeLabels:\n    node.kubernetes.io/exclude-from-external-load-balancers:\n      $patch: delete\n",
            "patch delete: path 'machine.nodeLabels.node.kubernetes.io/exclude-from-external-load-balancers' in document"
                + " '/v1alpha1': failed to delete path 'machine.nodeLabels.node.kubernetes.io/exclude-from-external-load-balancers':"
                + " lookup failed", 4),
        // selector.go deleteStructFrom: no list item matches
        Arguments.of("version: v1alpha1\nmachine: {network: {interfaces: [{interface: eth0}]}}",
            "machine:\n  network:\n    interfaces:\n      - interface: eth9\n        $patch: delete\n",
            "patch delete: path 'machine.network.interfaces.[0]' in document '/v1alpha1': failed to delete path"
                + " 'machine.network.interfaces.[0]': lookup failed", 4),
        // selector.go namedSelector.ApplyTo wording for named documents
        Arguments.of("version: v1alpha1\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: foo\nenvironment: [A=1]",
            "apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: foo\nconfigFiles:\n  - content: x\n    $patch: delete\n",
            "named patch delete: document v1alpha1/ExtensionServiceConfig: failed to delete path 'configFiles.[0]': lookup failed", 5),
        // delete.go ensureNoSeqInChain: an inner key of a list item cannot be deleted
        Arguments.of("version: v1alpha1\nmachine: {network: {interfaces: [{interface: eth0, addresses: [a]}]}}",
            "machine:\n  network:\n    interfaces:\n      - interface: eth0\n        addresses:\n          $patch: delete\n",
            "error processing patch delete statements at line 1: cannot delete an inner key in"
                + " 'machine.network.interfaces.[0].addresses'", 6),
        // delete.go makeSelector: the root of a document needs apiVersion and kind
        Arguments.of("version: v1alpha1", "version: v1alpha1\n$patch: delete\n",
            "error processing patch delete statements at line 1: missing apiVersion in document for which $patch: delete is used", 1),
        // delete.go makeSequenceSelector: a list item needs a key besides $patch
        Arguments.of("version: v1alpha1", "machine:\n  certSANs:\n    - $patch: delete\n",
            "error processing patch delete statements at line 1: no key:val found in sequence node for path machine.certSANs.[0]", 3));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusedAsTalosRefusesIt(String config, String patch, String message, int line) {
    assertThatThrownBy(() -> apply(13, config, patch)).isInstanceOfSatisfying(PatchException.class, e -> {
      assertThat(e.getMessage()).isEqualTo(message);
      assertThat(e.source()).isEqualTo("patch.yaml");
      assertThat(e.line()).isEqualTo(line);
    });
  }

  @org.junit.jupiter.api.Test
  void deletingADocumentThatIsNotThereChangesNothing() {
    // strategic.go: a selector is matched against the config's documents; none matches here
    assertThat(apply(13, "version: v1alpha1", "apiVersion: v1alpha1\nkind: SideroLinkConfig\n$patch: delete\n"))
        .isEqualTo(PatchFixture.docs("version: v1alpha1"));
  }
}
