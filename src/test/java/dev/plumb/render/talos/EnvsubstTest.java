package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.MemoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * talhelper substitutes a comment-free encoding of each YAML file (talconfig, talsecret, {@code @}
 * patch files) with a8m/envsubst in restricted mode (budimanjojo/talhelper pkg/substitute/envsubst.go).
 */
class EnvsubstTest {
  final Envsubst env = new Envsubst(Map.of("NAME", "k8s"), "test");

  @Test
  void aDollarInACommentIsNeverAnError() {
    String text = "# yaml-language-server: $schema=https://example/talconfig.json\n"
        + "clusterName: ${NAME} # was $OLD_NAME\n"
        + "list:\n  # - $REMOVED\n  - a\n";
    assertThat(env.apply("talconfig.yaml", text)).isEqualTo("\nclusterName: k8s\nlist:\n\n  - a\n");
  }

  @Test
  void aDollarInABlockScalarIsStillAVariable() {
    assertThatThrownBy(() -> env.apply("p.yaml", "a: |\n  # $NOT_A_COMMENT\n"))
        .hasMessageContaining("p.yaml:2:5: ${NOT_A_COMMENT}: variable not set");
  }

  @Test
  void aYamlErrorUnderASchemaCommentIsReportedAsTheYamlError() {
    String text = "# yaml-language-server: $schema=https://example/talconfig.json\nclusterName: [k8s\nnodes: []\n";
    assertThat(env.apply("talconfig.yaml", text)).isEqualTo("\nclusterName: [k8s\nnodes: []\n");
    RenderException e = (RenderException) catchProblem(() -> env.apply("talconfig.yaml", text + "x: ${UNSET}\n"));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0).toString()).contains("talconfig.yaml:").contains("invalid YAML");
    assertThat(e.getMessage()).doesNotContain("schema");
  }

  @Test
  void theTalconfigLoaderSubstitutesAfterDroppingComments() {
    MemoryTree tree = new MemoryTree()
        .put("talconfig.yaml", "# yaml-language-server: $schema=x.json\nclusterName: ${NAME} # $UNSET\n")
        .put("talenv.yaml", "BASE=k8s\nNAME=${BASE}-prod\n");
    TalConfig cfg = new TalConfigLoader(tree, new SopsDecryptor(new AgeKeys(List.of())))
        .load("talconfig.yaml", List.of(), Map.of(), Map.of());
    assertThat(cfg.clusterName()).isEqualTo("k8s-prod");
  }

  @Test
  void aBrokenTalconfigUnderASchemaCommentNamesTheYamlError() {
    MemoryTree tree = new MemoryTree()
        .put("talconfig.yaml", "# yaml-language-server: $schema=x.json\nclusterName: k8s\n  nodes: []\n");
    assertThatThrownBy(() -> new TalConfigLoader(tree, new SopsDecryptor(new AgeKeys(List.of())))
        .load("talconfig.yaml", List.of(), Map.of(), Map.of()))
        .hasMessageContaining("talconfig.yaml:3:").hasMessageContaining("invalid YAML").hasMessageNotContaining("schema");
  }

  private static Throwable catchProblem(Runnable r) {
    try {
      r.run();
    } catch (RenderException e) {
      return e;
    }
    throw new AssertionError("no problem reported");
  }
}
