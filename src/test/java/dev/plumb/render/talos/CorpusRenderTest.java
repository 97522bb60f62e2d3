package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.RenderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every valid talconfig of the corpus renders: one config per node, deterministic, with the
 * documents its Talos version calls for. Repositories whose talsecret is encrypted for keys nobody
 * has get one generated bundle (the fixture says so); the upstream example uses its own.
 */
class CorpusRenderTest {
  static byte[] generated;

  @BeforeAll
  static void bundle() {
    generated = new SecretsGenerator().generate().toYaml().reveal().getBytes(StandardCharsets.UTF_8);
  }

  static List<CorpusFixture> fixtures() throws IOException {
    return CorpusFixture.all().stream().filter(CorpusFixture::valid).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void rendersEveryNode(CorpusFixture f) {
    for (String path : f.talconfigs()) {
      ClusterRenderer r = new ClusterRenderer(f.tree(), f.sops());
      var opts = new ClusterRenderer.Options(Map.of(), f.env(),
          f.readEnvFiles() ? List.of() : List.of(TalEnv.NONE),
          f.ageKey() == null ? Optional.of(generated) : Optional.empty());
      ClusterDesired c;
      try {
        c = r.render(path, opts);
      } catch (RenderException e) {
        throw new AssertionError(path + ":\n" + String.join("\n", e.problems().stream().map(Object::toString).toList()), e);
      }
      ClusterDesired again = r.render(path, opts);
      TalConfig cfg = f.load(path);
      assertThat(c.nodes()).hasSize(cfg.nodes().size());
      boolean multidoc = TalosContract.of(cfg.talosVersion()).multidocNetwork();
      for (int i = 0; i < c.nodes().size(); i++) {
        NodeConfig n = c.nodes().get(i);
        assertThat(n.sha256()).as("deterministic %s", n.hostname()).isEqualTo(again.nodes().get(i).sha256());
        assertThat(n.documentKinds().get(0)).isEqualTo("v1alpha1");
        String yaml = new String(n.config().reveal(), StandardCharsets.UTF_8);
        assertThat(yaml).contains("clusterName: " + cfg.clusterName())
            .contains("type: " + (n.controlPlane() ? "controlplane" : "worker"));
        if (multidoc) {
          assertThat(n.documentKinds()).anyMatch(k -> k.contains("HostnameConfig"));
        }
        assertThat(n.installerImage()).endsWith(":" + cfg.talosVersion());
      }
    }
  }
}
