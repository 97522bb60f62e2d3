package dev.plumb.render.talos;

import dev.plumb.render.FileTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.patch.JsonPatches;
import dev.plumb.render.patch.PatchException;
import dev.plumb.render.patch.StrategicMerge;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.sops.SopsException;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one batch of talconfig patches (talhelper.md §4): each inline or {@code @file}; a file is
 * SOPS-decrypted when encrypted, Go-templated, then substituted; an inline patch is templated only.
 * Template data is the config before the batch. A patch whose documents are mappings is a
 * strategic merge; a list is RFC 6902. Empty patch files are skipped.
 */
final class Patches {
  private final FileTree tree;
  private final SopsDecryptor sops;
  private final TalConfig cfg;

  Patches(FileTree tree, SopsDecryptor sops, TalConfig cfg) {
    this.tree = tree;
    this.sops = sops;
    this.cfg = cfg;
  }

  List<Map<String, Object>> apply(List<Map<String, Object>> config, List<YNode> batch, String field) {
    Map<String, Object> data = config.get(0);
    List<Map<String, Object>> out = config;
    for (int i = 0; i < batch.size(); i++) {
      YNode p = batch.get(i);
      String where = field + "[" + i + "]";
      if (!(p instanceof YScalar s)) {
        throw problem(p, where, "a patch must be a string");
      }
      String name;
      String text;
      if (s.text().startsWith("@")) {
        name = FileTree.resolve(cfg.dir(), s.text().substring(1)).orElseThrow(() ->
            problem(p, where, "'" + s.text() + "' points outside the repository"));
        text = readFile(p, where, name);
        if (text.isBlank()) {
          continue;
        }
        text = template(p, where, text, data);
        text = new Envsubst(cfg.env().vars(), cfg.env().describe()).apply(name, text);
      } else {
        name = "inline patch";
        text = template(p, where, s.text(), data);
      }
      out = applyOne(out, p, where, name, text);
    }
    return out;
  }

  private List<Map<String, Object>> applyOne(List<Map<String, Object>> config, YNode at, String where, String name,
      String text) {
    List<YNode> docs = YamlReader.readAll(name, text);
    try {
      if (docs.size() == 1 && docs.get(0) instanceof YList ops) {
        return JsonPatches.apply(config, new ArrayList<>((List<?>) YValues.toJava(ops)), name);
      }
      List<Map<String, Object>> patch = new ArrayList<>();
      for (YNode d : docs) {
        if (!(d instanceof YMap)) {
          throw problem(d, where, "a strategic merge patch document must be a mapping");
        }
        patch.add(ConfigGenerator.asMap(YValues.toJava(d)));
      }
      return StrategicMerge.apply(config, patch, name);
    } catch (PatchException e) {
      throw problem(at, where, e.getMessage());
    }
  }

  String readFile(YNode at, String where, String path) {
    if (tree instanceof dev.plumb.render.DirectoryTree d && d.escapes(path)) {
      throw problem(at, where, "'" + path + "' points outside the repository");
    }
    byte[] bytes = tree.read(path).orElseThrow(() -> problem(at, where, "no such file: " + path));
    try {
      if (SopsDecryptor.isEncrypted(path, bytes)) {
        return new String(sops.decrypt(path, bytes).render().reveal(), StandardCharsets.UTF_8);
      }
    } catch (SopsException e) {
      throw problem(at, where, e.getMessage());
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private String template(YNode at, String where, String text, Map<String, Object> data) {
    try {
      return GoTemplate.render(text, data, "template");
    } catch (IllegalArgumentException e) {
      throw problem(at, where, e.getMessage());
    }
  }

  static RenderException problem(YNode at, String field, String message) {
    return new RenderException(new RenderProblem(at.mark().file(), at.mark().line(), at.mark().column(), field, message));
  }
}
