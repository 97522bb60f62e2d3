package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.DirectoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad talconfigs: each refused with a located, specific problem. */
class TalValidatorTest {
  static final String GOOD = """
      clusterName: lab
      talosVersion: v1.13.9
      kubernetesVersion: v1.35.0
      endpoint: https://10.0.0.10:6443
      nodes:
        - hostname: cp1
          ipAddress: 10.0.0.11
          controlPlane: true
          installDisk: /dev/sda
        - hostname: w1
          ipAddress: 10.0.0.21
          installDisk: /dev/sda
      """;

  @TempDir Path dir;
  Path repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = Files.createDirectories(dir.resolve("repo"));
  }

  private List<String> problems(String talconfig) throws IOException {
    return problems(talconfig, Map.of());
  }

  private List<String> problems(String talconfig, Map<String, String> env) throws IOException {
    Files.writeString(repo.resolve("talconfig.yaml"), talconfig);
    DirectoryTree tree = new DirectoryTree(repo);
    try {
      TalConfig cfg = new TalConfigLoader(tree, new SopsDecryptor(new AgeKeys(List.of())))
          .load("talconfig.yaml", List.of(), Map.of(), env);
      return TalValidator.validate(cfg, tree).stream().map(RenderProblem::toString).toList();
    } catch (RenderException e) {
      return e.problems().stream().map(RenderProblem::toString).toList();
    }
  }

  @Test
  void aGoodConfigHasNoProblems() throws IOException {
    assertThat(problems(GOOD)).isEmpty();
  }

  @Test
  void duplicateHostnamesAndAddressesAreNamedWithBothPlaces() throws IOException {
    String dup = GOOD.replace("hostname: w1", "hostname: cp1").replace("10.0.0.21", "10.0.0.11");
    assertThat(problems(dup)).containsExactly(
        "talconfig.yaml:10:15: nodes[1].hostname: duplicate hostname 'cp1' (also nodes[0].hostname)",
        "talconfig.yaml:11:16: nodes[1].ipAddress: duplicate address '10.0.0.11' (also nodes[0].ipAddress)");
  }

  @Test
  void wrongTypesAreRefused() throws IOException {
    assertThat(problems(GOOD.replace("controlPlane: true", "controlPlane: yes")))
        .contains("talconfig.yaml:8:19: nodes[0].controlPlane: expected true or false");
    assertThat(problems(GOOD.replace("talosVersion: v1.13.9", "talosVersion: [1, 2]")))
        .contains("talconfig.yaml:2:15: talosVersion: expected a version such as v1.13.9");
    assertThat(problems(GOOD.substring(0, GOOD.indexOf("nodes:")) + "nodes: none\n"))
        .anyMatch(p -> p.contains("nodes: expected a non-empty list of nodes"));
  }

  @Test
  void unknownAndMisspelledKeysAreNamed() throws IOException {
    assertThat(problems(GOOD.replace("    installDisk: /dev/sda\n  - hostname: w1",
        "    installDisk: /dev/sda\n    nodeLabel: {a: b}\n  - hostname: w1")))
        .containsExactly("talconfig.yaml:10:5: nodes[0].nodeLabel: unknown field (talhelper would drop it silently)");
  }

  @Test
  void unsupportedTalosVersionsAreRefused() throws IOException {
    assertThat(problems(GOOD.replace("v1.13.9", "v1.7.0")))
        .containsExactly("talconfig.yaml:2:15: talosVersion: plumb generates machine configs for Talos v1.8 through v1.13, not v1.7.0");
  }

  @Test
  void patchReferencesMayNotLeaveTheRepository() throws IOException {
    String cfg = GOOD + "patches:\n  - \"@../../etc/passwd\"\n  - \"@./missing.yaml\"\n  - \"@./link.yaml\"\n";
    Files.writeString(dir.resolve("outside.yaml"), "machine: {}\n");
    Files.createSymbolicLink(repo.resolve("link.yaml"), dir.resolve("outside.yaml"));
    assertThat(problems(cfg)).containsExactly(
        "talconfig.yaml:14:5: patches[0]: '@../../etc/passwd' points outside the repository",
        "talconfig.yaml:15:5: patches[1]: '@./missing.yaml': no such file (missing.yaml)",
        "talconfig.yaml:16:5: patches[2]: '@./link.yaml' points outside the repository");
  }

  @Test
  void aliasBombsDeepNestingAndHugeFilesAreRefused() throws IOException {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      bomb.append("]\n");
      prev = c;
    }
    assertThat(problems(bomb.toString())).singleElement().asString().contains("alias");
    assertThat(problems("a: " + "[".repeat(100) + "]".repeat(100) + "\n")).singleElement().asString()
        .contains("nested deeper than 64 levels");
    assertThat(problems("a: '" + "x".repeat(2 << 20) + "'\n")).singleElement().asString()
        .contains("larger than");
  }

  @Test
  void unsetVariablesAreReportedWithWhereTheyWereLookedFor() throws IOException {
    Files.writeString(repo.resolve("talenv.yaml"), "DOMAIN: lab.example\n");
    String cfg = GOOD.replace("clusterName: lab", "clusterName: ${CLUSTER}\n# ${IN_A_COMMENT} is fine")
        .replace("installDisk: /dev/sda\n  - hostname: w1", "installDisk: ${DISK:-/dev/nvme0n1}\n  - hostname: w1");
    assertThat(problems(cfg)).containsExactly("talconfig.yaml:1:14: ${CLUSTER}: variable not set (looked in"
        + " env files talenv.yaml and the process environment; write $$ for a literal $)");
    assertThat(problems(cfg, Map.of("CLUSTER", "lab"))).isEmpty();
  }

  @Test
  void aBrokenEnvFileIsAnErrorNotSilence() throws IOException {
    Files.writeString(repo.resolve("talenv.yaml"), "GOOD: 1\nthis line is not a pair\n");
    assertThat(problems(GOOD)).containsExactly("talenv.yaml:2:1: expected KEY: value or KEY=value"
        + " (talhelper would silently ignore this whole file)");
  }

  @Test
  void substitutionFollowsTalhelper() {
    Envsubst e = new Envsubst(Map.of("A", "1", "EMPTY", ""), "test");
    assertThat(e.apply("f", "$$patch: delete")).isEqualTo("$patch: delete");
    assertThat(e.apply("f", "${A} $A ${B:-two} ${EMPTY:-three} ${B-four} ${A:+alt} ${B:+alt}|"))
        .isEqualTo("1 1 two three four alt |");
    assertThatThrownBy(() -> e.apply("f", "x: ${EMPTY}")).hasMessageContaining("f:1:4: ${EMPTY}: variable is empty");
    assertThatThrownBy(() -> e.apply("f", "x: $HOME")).hasMessageContaining("${HOME}: variable not set");
  }

  @Test
  void mergeKeysAnchorsAndGroupDefaultsResolveAsTalhelperDoes() throws IOException {
    String cfg = GOOD.replace("  - hostname: cp1\n", "  - &cp\n    hostname: cp1\n")
        + "worker:\n  nodeLabels: {role: worker}\n  patches: [\"machine: {}\"]\n"
        + "x-defaults: &d\n  installDisk: /dev/vda\n";
    assertThat(problems(cfg)).containsExactly("talconfig.yaml:17:1: x-defaults: unknown field (talhelper would drop it silently)");
    Files.writeString(repo.resolve("talconfig.yaml"), GOOD.replace("    installDisk: /dev/sda\n", "    <<: *d\n")
        .replace("talosVersion: v1.13.9", "talosVersion: v1.13.9\nnodeDefaults: &d {installDisk: /dev/vdb}")
        + "worker:\n  nodeLabels: {role: worker}\n  patches: [\"a\"]\n");
    DirectoryTree tree = new DirectoryTree(repo);
    TalConfig loaded = new TalConfigLoader(tree, new SopsDecryptor(new AgeKeys(List.of())))
        .load("talconfig.yaml", List.of(), Map.of(), Map.of());
    TalNode w1 = loaded.nodes().get(1);
    assertThat(w1.string("installDisk")).contains("/dev/vdb");
    assertThat(w1.get("nodeLabels")).isPresent();
    assertThat(w1.patches()).hasSize(1);
    assertThat(loaded.nodes().get(0).get("nodeLabels")).isEmpty();
  }
}
