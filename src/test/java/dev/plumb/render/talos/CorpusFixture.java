package dev.plumb.render.talos;

import dev.plumb.render.DirectoryTree;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * One corpus repository and what the tests supply for it (src/test/resources/render/corpus):
 * its talconfigs, dummy variables where the real ones are encrypted for keys nobody has, and the
 * expected outcome.
 */
record CorpusFixture(String repo, List<String> talconfigs, boolean readEnvFiles, Map<String, String> env,
    String ageKey, boolean valid, List<String> errors) {
  static final Path CORPUS = Path.of("../shared/corpus/talhelper");
  static final Path FIXTURES = Path.of("src/test/resources/render/corpus");

  @SuppressWarnings("unchecked")
  static List<CorpusFixture> all() throws IOException {
    List<CorpusFixture> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(FIXTURES)) {
      for (Path p : s.sorted().toList()) {
        Map<String, Object> m = (Map<String, Object>) new Load(LoadSettings.builder().build())
            .loadFromString(Files.readString(p));
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) m.getOrDefault("env", Map.of())).forEach((k, v) -> env.put(k, String.valueOf(v)));
        out.add(new CorpusFixture(p.getFileName().toString().replace(".yaml", ""),
            (List<String>) m.get("talconfigs"), !"none".equals(m.get("envFiles")), env,
            (String) m.get("ageKey"), "valid".equals(m.get("expect")),
            (List<String>) m.getOrDefault("errors", List.of())));
      }
    }
    return out;
  }

  DirectoryTree tree() {
    return new DirectoryTree(CORPUS.resolve(repo));
  }

  SopsDecryptor sops() {
    return new SopsDecryptor(ageKey == null ? new AgeKeys(List.of()) : AgeKeys.fromFile(CORPUS.resolve(ageKey)));
  }

  TalConfig load(String talconfig) {
    return new TalConfigLoader(tree(), sops()).load(talconfig,
        readEnvFiles ? List.of() : List.of(TalEnv.NONE), Map.of(), env);
  }

  @Override
  public String toString() {
    return repo;
  }
}
