package dev.plumb.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.MemoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering sees only the environment variables the configuration names (and sops's key lookup). */
class RenderEnvTest {
  @TempDir Path dir;

  @Test
  void onlyNamedVariablesAndKeyLookupReachTheRenderer() {
    Map<String, String> env = Map.of("PATH", "/usr/bin", "INVOCATION_ID", "abc", "CLUSTER_DOMAIN", "x.internal",
        "SOPS_AGE_KEY_FILE", "/k", "HOME", "/home/p");
    assertThat(RenderEnv.only(env, List.of("CLUSTER_DOMAIN"))).containsOnlyKeys("CLUSTER_DOMAIN", "SOPS_AGE_KEY_FILE",
        "HOME");
    assertThat(RenderEnv.only(env, List.of())).doesNotContainKeys("PATH", "INVOCATION_ID", "CLUSTER_DOMAIN");
  }

  @Test
  void aVariableTheConfigDoesNotNameIsNotSubstitutedFromTheEnvironment() throws Exception {
    MemoryTree tree = new MemoryTree();
    for (String top : new String[] {"clusters", "apps"}) {
      for (Path p : Files.walk(Path.of(top)).filter(Files::isRegularFile).toList()) {
        tree.put(p.toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    // the example's talenv.yaml sets CLUSTER_DOMAIN; without it, only the environment could
    tree.put("clusters/demo/talenv.yaml", "NTP_SERVER: time.cloudflare.com\n".getBytes());
    SopsDecryptor sops = new SopsDecryptor(AgeKeys.fromFile(Path.of("clusters/demo/age-key.demo-only.txt")));
    ClusterRenderer.Options fromShell = new ClusterRenderer.Options(Map.of("CLUSTER_DOMAIN", "shell.internal"),
        Map.of(), List.of(), Optional.empty());
    assertThatThrownBy(() -> new ClusterRenderer(tree, sops).render("clusters/demo/talconfig.yaml",
        RenderEnv.restrict(fromShell, List.of()))).isInstanceOf(RenderException.class)
        .hasMessageContaining("CLUSTER_DOMAIN");
    assertThat(new ClusterRenderer(tree, sops).render("clusters/demo/talconfig.yaml",
        RenderEnv.restrict(fromShell, List.of("CLUSTER_DOMAIN"))).nodes()).hasSize(6);
  }

  @Test
  void theDaemonConfigNamesTheVariables() throws Exception {
    Path f = dir.resolve("plumb.yaml");
    Files.writeString(f, "repository:\n  url: file:///tmp/x\nrenderEnv: [CLUSTER_DOMAIN, SITE]\n");
    assertThat(DaemonConfig.load(f).renderEnv()).containsExactly("CLUSTER_DOMAIN", "SITE");
    Files.writeString(f, "repository:\n  url: file:///tmp/x\nrenderEnv: CLUSTER_DOMAIN\n");
    assertThatThrownBy(() -> DaemonConfig.load(f)).isInstanceOf(PlumbException.class)
        .hasMessageContaining("renderEnv: expected a list of environment variable names");
  }
}
