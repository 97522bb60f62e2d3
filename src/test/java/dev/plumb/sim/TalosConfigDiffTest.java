package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dry-run diff as Talos writes it (siderolabs/talos pkg/machinery/config/configdiff/configdiff.go):
 * both typed configs re-encoded without comments, then a gotextdiff unified diff with "--- a",
 * "+++ b" and "@@ -l,s +l,s @@" hunks (a count of 1 is left out), three lines of context.
 */
class TalosConfigDiffTest {
  private static final String BASE = "version: v1alpha1\nmachine:\n  type: worker\n  token: t\n"
      + "  kubelet: {image: 'k:v1'}\ncluster:\n  clusterName: c\n---\n"
      + "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: n1\n";

  @Test
  void keyOrderQuotingAndCommentsAloneAreNoChanges() {
    String reordered = "# a comment\napiVersion: v1alpha1\nhostname: \"n1\"\nkind: HostnameConfig\n---\n"
        + "cluster: {clusterName: c}\nmachine:\n  kubelet:\n    image: k:v1\n  token: \"t\"\n  type: worker\n"
        + "version: v1alpha1\n";
    assertThat(TalosConfigDiff.dryRun(typed(BASE), typed(reordered))).isEqualTo("No changes.");
  }

  @Test
  void oneChangedLineIsOneHunkWithContext() {
    String diff = TalosConfigDiff.dryRun(typed(BASE), typed(BASE.replace("k:v1", "k:v2")));
    // encoded: cluster:/clusterName: c/machine:/kubelet:/image: k:v1/token: t/type: worker/version
    assertThat(diff).isEqualTo("--- a\n+++ b\n@@ -2,7 +2,7 @@\n"
        + "     clusterName: c\n machine:\n     kubelet:\n-        image: k:v1\n+        image: k:v2\n"
        + "     token: t\n     type: worker\n version: v1alpha1\n");
  }

  @Test
  void aHunkOfOneLineLeavesTheCountOut() {
    List<String> a = List.of("x\n");
    List<String> b = List.of("y\n");
    assertThat(TalosConfigDiff.unified(a, b)).isEqualTo("--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n");
  }

  @Test
  void distantChangesMakeTwoHunks() {
    List<String> a = List.of("1\n", "2\n", "3\n", "4\n", "5\n", "6\n", "7\n", "8\n", "9\n", "10\n");
    List<String> b = List.of("one\n", "2\n", "3\n", "4\n", "5\n", "6\n", "7\n", "8\n", "9\n", "ten\n");
    assertThat(TalosConfigDiff.unified(a, b)).isEqualTo("--- a\n+++ b\n"
        + "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n"
        + "@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+ten\n");
  }

  @Test
  void aDiffAgainstNoConfigAddsEveryLine() {
    String diff = TalosConfigDiff.dryRun(null, typed("apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: n\n"));
    // configdiff prints a count only when it is above 1, so an empty side shows as "-1"
    // go-yaml v3 (encode.go stringv) double-quotes "n", a YAML 1.1 bool
    assertThat(diff).isEqualTo("--- a\n+++ b\n@@ -1 +1,3 @@\n+apiVersion: v1alpha1\n+hostname: \"n\"\n"
        + "+kind: HostnameConfig\n");
  }

  private static TypedConfig typed(String s) {
    return TypedConfig.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
