package dev.plumb.render.talos;

import dev.plumb.render.FileTree;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YamlReencoder;
import java.util.List;
import java.util.Map;

/**
 * {@code content: "@file"} of machineFiles and inlineManifests: the file is read from the tree,
 * SOPS-decrypted when encrypted, and, unless {@code skipEnvsubst: true}, substituted as talhelper
 * substitutes (reference/talhelper.md §3.2): YAML made of mappings and sequences is first
 * re-encoded without its comments at indent 2, as yaml.v3 re-encodes a node; other text (a
 * script, an ini file) is substituted as it is, comments and all.
 */
final class FileContents {
  private final TalConfig cfg;
  private final Patches patches;

  FileContents(TalConfig cfg, Patches patches) {
    this.cfg = cfg;
    this.patches = patches;
  }

  @SuppressWarnings("unchecked")
  void resolve(TalNode node, List<Map<String, Object>> docs) {
    Map<String, Object> machine = (Map<String, Object>) docs.get(0).get("machine");
    if (node.get("machineFiles").orElse(null) instanceof YList l && machine.get("files") instanceof List<?> files) {
      for (int i = 0; i < l.items().size() && i < files.size(); i++) {
        resolveOne(l.items().get(i), "content", (Map<String, Object>) files.get(i), node.path("machineFiles[" + i + "]"));
      }
    }
    Map<String, Object> cluster = (Map<String, Object>) docs.get(0).get("cluster");
    if (cfg.root().get("inlineManifests").orElse(null) instanceof YList l
        && cluster.get("inlineManifests") instanceof List<?> manifests) {
      for (int i = 0; i < l.items().size() && i < manifests.size(); i++) {
        Map<String, Object> m = (Map<String, Object>) manifests.get(i);
        resolveOne(l.items().get(i), "contents", m, "inlineManifests[" + i + "]");
        m.remove("skipEnvsubst");
      }
    }
  }

  private void resolveOne(YNode source, String key, Map<String, Object> target, String field) {
    if (!(source instanceof YMap m) || !(m.get(key).orElse(null) instanceof YScalar s) || !s.text().startsWith("@")) {
      return;
    }
    String path = FileTree.resolve(cfg.dir(), s.text().substring(1)).orElseThrow(() ->
        Patches.problem(s, field + "." + key, "'" + s.text() + "' points outside the repository"));
    String text = patches.readFile(s, field + "." + key, path);
    boolean skip = m.get("skipEnvsubst").map(n -> n instanceof YScalar b && Boolean.TRUE.equals(b.bool())).orElse(false);
    if (skip) {
      target.put(key, text);
      return;
    }
    String encoded = YamlReencoder.reencode(path, text, 2).orElse(text);
    target.put(key, new Envsubst(cfg.env().vars(), cfg.env().describe()).applyText(path, encoded));
  }
}
