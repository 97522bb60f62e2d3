package dev.plumb.render.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.RenderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a patch is recognised, as siderolabs/talos pkg/machinery/config/configpatcher/load.go does it. */
class PatchLoaderTest {
  @Test
  void mappingsAreStrategicAndListsAreJsonPatches() {
    assertThat(PatchLoader.load("p", "machine: {type: worker}")).isInstanceOf(LoadedPatch.Strategic.class);
    assertThat(PatchLoader.load("p", "[{\"op\": \"remove\", \"path\": \"/a\"}]")).isInstanceOf(LoadedPatch.Json6902.class);
    LoadedPatch yamlList = PatchLoader.load("p", "- op: add\n  path: /machine/certSANs/-\n  value: x\n");
    assertThat(yamlList).isInstanceOfSatisfying(LoadedPatch.Json6902.class, j ->
        assertThat(j.ops()).containsExactly(Map.of("op", "add", "path", "/machine/certSANs/-", "value", "x")));
  }

  @Test
  void anEmptyPatchIsAnEmptyJsonPatch() {
    // load.go: configloader finds no config, json fails, yaml.Unmarshal of nothing succeeds
    // (siderolabs/talos#12457: an empty patch is taken for JSON6902 and fails on multi-doc configs)
    assertThat(PatchLoader.load("p", "# nothing\n")).isEqualTo(new LoadedPatch.Json6902("p", List.of()));
    assertThatThrownBy(() -> JsonPatches.apply(PatchFixture.docs("version: v1alpha1\n---\napiVersion: v1alpha1\nkind: HostnameConfig\n"),
        (LoadedPatch.Json6902) PatchLoader.load("p", ""))).hasMessage(JsonPatches.MULTI_DOC);
  }

  @Test
  void v1alpha1DeletesComeFirstThenV1alpha1ThenTheRest() {
    LoadedPatch.Strategic p = (LoadedPatch.Strategic) PatchLoader.load("p",
        "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: x\n---\nmachine:\n  network:\n    $patch: delete\n  type: worker\n");
    assertThat(p.steps()).extracting(s -> s.getClass().getSimpleName() + " " + s.documentId())
        .containsExactly("Delete /v1alpha1", "Merge /v1alpha1", "Merge v1alpha1/HostnameConfig");
  }

  @Test
  void aDocumentWithoutKindIsRefused() {
    // decoder.go decode(): ErrMissingKind
    assertThatThrownBy(() -> PatchLoader.load("p.yaml", "apiVersion: v1alpha2\nfoo: bar\n"))
        .isInstanceOfSatisfying(PatchException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("error decoding document v1alpha2/v1alpha1/ (line 1): missing kind");
          assertThat(e.line()).isEqualTo(1);
        });
  }

  @Test
  void anAliasBombIsRefusedWithThePatchName() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(p);
      bomb.append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p);
      bomb.append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
    }
    assertThatThrownBy(() -> PatchLoader.load("patches/bomb.yaml", bomb.toString()))
        .isInstanceOfSatisfying(RenderException.class, e -> {
          assertThat(e.problems().get(0).file()).isEqualTo("patches/bomb.yaml");
          assertThat(e.problems().get(0).message()).contains("alias");
        });
  }

  @Test
  void patchArgumentsAsTalosctlReadsThem() {
    Map<String, String> files = Map.of("a.yaml", "machine: {type: worker}", "ops.yaml", "- op: remove\n  path: /a\n");
    PatchLoader.PatchFiles read = path -> {
      if (!files.containsKey(path)) {
        throw new PatchException("open " + path + ": no such file or directory");
      }
      return files.get(path);
    };
    // '@' reads a file; a bare word without space, newline, '[' or '{' is a file name too
    List<LoadedPatch> patches = PatchLoader.loadAll(List.of("@a.yaml", "ops.yaml", "[{\"op\":\"remove\",\"path\":\"/b\"}]",
        "machine: {type: controlplane}"), read);
    // consecutive JSON patches are joined into one (load.go LoadPatchesWithContext)
    assertThat(patches).hasSize(3);
    assertThat(((LoadedPatch.Json6902) patches.get(1)).ops()).hasSize(2);
    assertThatThrownBy(() -> PatchLoader.loadAll(List.of("missing.yaml"), read))
        .hasMessage("open missing.yaml: no such file or directory");
  }
}
