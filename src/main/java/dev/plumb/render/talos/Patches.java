package dev.plumb.render.talos;

import dev.plumb.render.FileTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.patch.ConfigDocs;
import dev.plumb.render.patch.ConfigShape;
import dev.plumb.render.patch.JsonPatches;
import dev.plumb.render.patch.LoadedPatch;
import dev.plumb.render.patch.PatchException;
import dev.plumb.render.patch.PatchLoader;
import dev.plumb.render.patch.StrategicMerge;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.sops.SopsException;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one batch of talconfig patches (talhelper.md §4): each inline or {@code @file}; a file is
 * SOPS-decrypted when encrypted, Go-templated, then substituted; an inline patch is templated only.
 * Template data is the config before the batch. Loading and applying are Talos's configpatcher
 * ({@link PatchLoader}, {@link StrategicMerge}, {@link JsonPatches}). A problem in a patch file is
 * reported at that file and line; one in an inline patch at its line in the talconfig.
 */
final class Patches {
  private final FileTree tree;
  private final SopsDecryptor sops;
  private final TalConfig cfg;
  private final TalosContract contract;
  private final StrategicMerge merge;

  Patches(FileTree tree, SopsDecryptor sops, TalConfig cfg) {
    this.tree = tree;
    this.sops = sops;
    this.cfg = cfg;
    this.contract = TalosContract.of(cfg.talosVersion());
    this.merge = new StrategicMerge(ConfigShape.forVersion(cfg.talosVersion()), contract.minor());
  }

  /**
   * Applies the batch. {@code generated} names the documents talhelper generated for the node
   * (see {@link #applyJson}).
   */
  List<Map<String, Object>> apply(List<Map<String, Object>> config, List<YNode> batch, String field,
      Set<String> generated) {
    Map<String, Object> data = config.get(0);
    List<Map<String, Object>> out = config;
    for (int i = 0; i < batch.size(); i++) {
      YNode p = batch.get(i);
      String where = field + "[" + i + "]";
      if (!(p instanceof YScalar s)) {
        throw problem(p, where, "a patch must be a string");
      }
      Source src = s.text().startsWith("@") ? fileSource(s, where, data) : new Source(s, where, null,
          template(p, where, s.text(), data, null));
      if (src == null) {
        continue; // talhelper skips empty patch files; Talos would take them for JSON patches
      }
      List<Map<String, Object>> current = out;
      out = src.guard(() -> applyOne(current, PatchLoader.load(src.name(), src.text()), generated));
    }
    return out;
  }

  private Source fileSource(YScalar s, String where, Map<String, Object> data) {
    String name = FileTree.resolve(cfg.dir(), s.text().substring(1)).orElseThrow(() ->
        problem(s, where, "'" + s.text() + "' points outside the repository"));
    String text = readFile(s, where, name);
    if (text.isBlank()) {
      return null;
    }
    text = template(s, where, text, data, name);
    text = new Envsubst(cfg.env().vars(), cfg.env().describe()).apply(name, text);
    return new Source(s, where, name, text);
  }

  private List<Map<String, Object>> applyOne(List<Map<String, Object>> config, LoadedPatch patch, Set<String> generated) {
    if (patch instanceof LoadedPatch.Strategic sm) {
      return merge.apply(config, sm);
    }
    return applyJson(config, (LoadedPatch.Json6902) patch, generated);
  }

  /**
   * RFC 6902 patches, which Talos applies to single-document configs only. Before Talos 1.12
   * talhelper appends the documents it generates (firewall, extension services, volumes) after the
   * patches, so a JSON patch there sees the v1alpha1 document alone; from 1.12 on it adds them
   * first, and such a patch fails (budimanjojo/talhelper#1226).
   */
  private List<Map<String, Object>> applyJson(List<Map<String, Object>> config, LoadedPatch.Json6902 patch,
      Set<String> generated) {
    List<Map<String, Object>> rest = config.subList(1, config.size());
    boolean onlyGenerated = rest.stream().allMatch(d -> generated.contains(ConfigDocs.identity(d)));
    if (config.size() > 1 && !contract.multidocNetwork() && onlyGenerated && ConfigDocs.isV1alpha1(config.get(0))) {
      List<Map<String, Object>> out = new ArrayList<>(JsonPatches.apply(List.of(config.get(0)), patch));
      out.addAll(rest);
      return out;
    }
    try {
      return JsonPatches.apply(config, patch);
    } catch (PatchException e) {
      if (!e.getMessage().equals(JsonPatches.MULTI_DOC)) {
        throw e;
      }
      throw new PatchException(e.source(), 0, e.getMessage() + " (the config has the documents "
          + config.stream().map(ConfigDocs::identity).toList() + "; talhelper refuses this too: write it as a"
          + " strategic merge patch, e.g. a key with '$patch: delete' instead of op: remove)");
    }
  }

  String readFile(YNode at, String where, String path) {
    if (tree instanceof dev.plumb.render.DirectoryTree d && d.escapes(path)) {
      throw problem(at, where, "'" + path + "' points outside the repository");
    }
    byte[] bytes = tree.read(path).orElseThrow(() -> problem(at, where, "no such file: " + path));
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      if (maybeSops(path, text) && SopsDecryptor.isEncrypted(path, bytes)) {
        return new String(sops.decrypt(path, bytes).render().reveal(), StandardCharsets.UTF_8);
      }
    } catch (SopsException e) {
      throw new RenderException(new RenderProblem(path, 0, 0, where, e.getMessage()));
    }
    return text;
  }

  /**
   * Whether a file may carry SOPS metadata. Only such files are parsed as a SOPS tree, and a YAML
   * one only once {@link YamlReader} has read it within its limits: the tree parser expands
   * aliases, so an alias bomb would otherwise hang the render instead of being refused when the
   * patch is loaded. A file that does not parse cannot be encrypted and is read as plain text.
   */
  private static boolean maybeSops(String path, String text) {
    if (!text.contains("sops")) {
      return false;
    }
    if (path.endsWith(".json") || path.endsWith(".env")) {
      return true;
    }
    try {
      YamlReader.readAll(path, text);
      return true;
    } catch (RenderException e) {
      return false;
    }
  }

  /** Go-templates a patch; an error in a patch file names that file. */
  private String template(YNode at, String where, String text, Map<String, Object> data, String file) {
    try {
      return GoTemplate.render(text, data, "template");
    } catch (IllegalArgumentException e) {
      if (file != null) {
        throw new RenderException(new RenderProblem(file, 0, 0, where, e.getMessage()));
      }
      throw problem(at, where, e.getMessage());
    }
  }

  static RenderException problem(YNode at, String field, String message) {
    return new RenderException(new RenderProblem(at.mark().file(), at.mark().line(), at.mark().column(), field, message));
  }

  /**
   * One patch's text and where it is: a file (problems at the file's lines) or inline in the
   * talconfig (problems at the talconfig line, offset by the line within a block scalar).
   */
  private record Source(YScalar at, String where, String file, String text) {
    String name() {
      return file != null ? file : "inline patch";
    }

    List<Map<String, Object>> guard(java.util.function.Supplier<List<Map<String, Object>>> step) {
      try {
        return step.get();
      } catch (PatchException e) {
        throw new RenderException(at(e.line(), 0, e.getMessage()));
      } catch (RenderException e) {
        if (file != null) {
          throw e;
        }
        throw new RenderException(e.problems().stream().map(p -> at(p.line(), p.column(), p.message())).toList());
      }
    }

    private RenderProblem at(int line, int column, String message) {
      if (file != null) {
        return new RenderProblem(file, line, column, where, message);
      }
      YNode.Mark m = at.mark();
      if (!at.text().contains("\n") || line <= 0) {
        return new RenderProblem(m.file(), m.line(), m.column(), where, message);
      }
      // a block scalar's text starts on the line after its indicator; columns inside it are not known
      return new RenderProblem(m.file(), m.line() + line, 0, where, message);
    }
  }
}
