package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.Golden;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden renders: the project's example cluster (clusters/demo, SOPS-encrypted for its demo-only
 * key) and one synthetic case per feature the corpus does not cover (src/test/resources/render/cases).
 * A case either renders to expected/<file>.yaml per node or fails with expected/problems.txt.
 */
class GoldenRenderTest {
  static final Path CASES = Path.of("src/test/resources/render/cases");
  static final Path GOLDEN = Path.of("src/test/resources/render/golden");

  @Test
  void theExampleClusterRendersToItsGoldenFiles() throws IOException {
    SopsDecryptor sops = new SopsDecryptor(AgeKeys.fromFile(Path.of("clusters/demo/age-key.demo-only.txt")));
    ClusterDesired c = new ClusterRenderer(new DirectoryTree(Path.of(".")), sops)
        .render("clusters/demo/talconfig.yaml", ClusterRenderer.Options.defaults());
    assertThat(c.nodes()).extracting(NodeConfig::hostname)
        .containsExactly("cp-1", "cp-2", "cp-3", "worker-1", "worker-2", "worker-3");
    assertThat(c.objects()).extracting(o -> o.key().toString())
        .containsExactly("apps/Deployment/hello/hello", "Namespace/hello");
    for (NodeConfig n : c.nodes()) {
      Golden.assertMatches(GOLDEN.resolve("demo").resolve(n.fileName()),
          new String(n.config().reveal(), StandardCharsets.UTF_8));
    }
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void syntheticCase(String name) throws IOException {
    Path dir = CASES.resolve(name);
    Path input = dir.resolve("input");
    boolean ownSecrets = Files.exists(input.resolve("talsecret.yaml")) || name.startsWith("no-secrets");
    var opts = new ClusterRenderer.Options(Map.of(), Map.of("CASE_ENV", "from-env"), List.of(),
        ownSecrets ? Optional.empty() : Optional.of(Files.readAllBytes(CASES.resolve("secrets.yaml"))));
    ClusterRenderer r = new ClusterRenderer(new DirectoryTree(input), new SopsDecryptor(new AgeKeys(List.of())));
    Path problems = dir.resolve("expected/problems.txt");
    try {
      ClusterDesired c = r.render("talconfig.yaml", opts);
      assertThat(Files.exists(problems)).as("%s expects problems but rendered", name).isFalse();
      for (NodeConfig n : c.nodes()) {
        Golden.assertMatches(dir.resolve("expected").resolve(n.fileName()),
            new String(n.config().reveal(), StandardCharsets.UTF_8));
      }
    } catch (RenderException e) {
      StringBuilder sb = new StringBuilder();
      for (RenderProblem p : e.problems()) {
        sb.append(p).append('\n');
      }
      Golden.assertMatches(problems, sb.toString());
    }
  }
}
