package dev.plumb.render.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import dev.plumb.render.FileTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds one kustomization as kustomize does for the supported subset: resources (files, and
 * folders that hold a kustomization of their own, built first), then patches, then namespace,
 * name prefix/suffix, labels, annotations and images ({@link Transformers}).
 */
final class KustomizeBuild {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FileTree tree;
  private final SopsDecryptor sops;
  private final List<RenderProblem> problems;
  private final Set<String> building = new HashSet<>();

  KustomizeBuild(FileTree tree, SopsDecryptor sops, List<RenderProblem> problems) {
    this.tree = tree;
    this.sops = sops;
    this.problems = problems;
  }

  List<SourceDoc> build(String kfile) {
    if (!building.add(kfile)) {
      problems.add(new RenderProblem(kfile, 1, 1, "resources", "kustomization includes itself (a cycle)"));
      return List.of();
    }
    String dir = FileTree.dirOf(kfile);
    Optional<YNode> root;
    try {
      root = YamlReader.read(kfile, YamlReader.decode(kfile, tree.read(kfile).orElseThrow()));
    } catch (RenderException e) {
      problems.addAll(e.problems());
      return List.of();
    }
    if (root.isEmpty() || !(root.get() instanceof YMap m)) {
      problems.add(new RenderProblem(kfile, 1, 1, "", "a kustomization must be a mapping"));
      return List.of();
    }
    int before = problems.size();
    Kustomization k = Kustomization.parse(kfile, m, problems);
    if (problems.size() > before) {
      return List.of();
    }
    List<SourceDoc> docs = new ArrayList<>();
    for (Kustomization.Ref r : k.resources()) {
      docs.addAll(resource(kfile, dir, r));
    }
    for (Kustomization.Patch p : k.patches()) {
      patch(kfile, dir, p, docs);
    }
    Transformers.apply(k, docs);
    building.remove(kfile);
    return docs;
  }

  private List<SourceDoc> resource(String kfile, String dir, Kustomization.Ref r) {
    String v = r.value();
    if (v.contains("://") || v.startsWith("github.com/") || v.startsWith("git@") || v.contains("?ref=")) {
      problems.add(new RenderProblem(kfile, r.line(), 1, "resources",
          "remote resource '" + v + "' is not supported by plumb: vendor it into the repository"));
      return List.of();
    }
    Optional<String> path = FileTree.resolve(dir, v);
    if (path.isEmpty()) {
      problems.add(new RenderProblem(kfile, r.line(), 1, "resources", "'" + v + "' leaves the repository"));
      return List.of();
    }
    if (tree.isFile(path.get())) {
      return AppRenderer.readDocs(tree, path.get(), sops, problems);
    }
    if (tree.isDirectory(path.get())) {
      Optional<String> sub = AppRenderer.kustomizationIn(tree, path.get());
      if (sub.isPresent()) {
        return build(sub.get());
      }
      problems.add(new RenderProblem(kfile, r.line(), 1, "resources",
          "directory '" + v + "' has no kustomization.yaml (kustomize needs one in every resource directory)"));
      return List.of();
    }
    problems.add(new RenderProblem(kfile, r.line(), 1, "resources", "no file or directory '" + v + "'"));
    return List.of();
  }

  private void patch(String kfile, String dir, Kustomization.Patch p, List<SourceDoc> docs) {
    String where = p.path() != null ? p.path() : kfile;
    String text;
    if (p.path() != null) {
      Optional<String> path = FileTree.resolve(dir, p.path());
      if (path.isEmpty() || !tree.isFile(path.get())) {
        problems.add(new RenderProblem(kfile, p.line(), 1, "patches", "no patch file '" + p.path() + "'"));
        return;
      }
      where = path.get();
      text = YamlReader.decode(where, tree.read(where).orElseThrow());
    } else {
      text = p.inline();
    }
    List<YNode> nodes;
    try {
      nodes = YamlReader.readAll(where, text);
    } catch (RenderException e) {
      problems.addAll(e.problems());
      return;
    }
    for (YNode n : nodes) {
      if (n instanceof YScalar s && s.isNull()) {
        continue;
      }
      if (n instanceof YList ops) {
        json6902(kfile, where, p, ops, docs);
      } else if (n instanceof YMap pm) {
        strategic(kfile, p, pm, docs);
      } else {
        problems.add(new RenderProblem(where, n.mark().line(), 1, "patches",
            "a patch must be a mapping (strategic merge) or a list of operations (JSON6902)"));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void strategic(String kfile, Kustomization.Patch p, YMap pm, List<SourceDoc> docs) {
    Map<String, Object> patch = (Map<String, Object>) YValues.copy(YValues.toJava(pm));
    Kustomization.Target target = p.target();
    if (target == null) {
      Map<String, Object> meta = PodSpecs.map(patch.get("metadata"));
      String apiVersion = String.valueOf(patch.getOrDefault("apiVersion", ""));
      target = new Kustomization.Target(apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "",
          "", String.valueOf(patch.getOrDefault("kind", "")), meta == null ? "" : String.valueOf(meta.getOrDefault("name", "")),
          meta == null || meta.get("namespace") == null ? "" : String.valueOf(meta.get("namespace")), Map.of());
      if (target.kind().isEmpty() || target.name().isEmpty()) {
        problems.add(new RenderProblem(kfile, p.line(), 1, "patches",
            "a strategic-merge patch without a target needs kind and metadata.name"));
        return;
      }
    }
    boolean matched = false;
    for (int i = 0; i < docs.size(); i++) {
      SourceDoc d = docs.get(i);
      if (matches(target, d)) {
        Map<String, Object> merged = KubeMerge.merge(d.body(), patch);
        if (p.target() != null) {
          // a targeted patch keeps the object's identity, whatever name the patch body carries
          merged.put("metadata", KubeMerge.merge(PodSpecs.map(merged.get("metadata")),
              Map.of("name", d.name())));
          merged.put("kind", d.kind());
          merged.put("apiVersion", d.apiVersion());
        }
        docs.set(i, new SourceDoc(merged, d.file(), d.line()));
        matched = true;
      }
    }
    if (!matched) {
      problems.add(new RenderProblem(kfile, p.line(), 1, "patches", "patch matches no resource (" + describe(target) + ")"));
    }
  }

  @SuppressWarnings("unchecked")
  private void json6902(String kfile, String where, Kustomization.Patch p, YList ops, List<SourceDoc> docs) {
    if (p.target() == null) {
      problems.add(new RenderProblem(kfile, p.line(), 1, "patches", "a JSON6902 patch needs a target"));
      return;
    }
    JsonNode patch = JSON.valueToTree(YValues.toJava(ops));
    boolean matched = false;
    for (int i = 0; i < docs.size(); i++) {
      SourceDoc d = docs.get(i);
      if (!matches(p.target(), d)) {
        continue;
      }
      matched = true;
      try {
        JsonNode out = JsonPatch.apply(patch, JSON.valueToTree(d.body()));
        docs.set(i, new SourceDoc((Map<String, Object>) YValues.copy(JSON.convertValue(out, Map.class)), d.file(),
            d.line()));
      } catch (JsonPatchApplicationException | IllegalArgumentException e) {
        problems.add(new RenderProblem(where, ops.mark().line(), 1, "patches",
            "JSON6902 patch does not apply to " + d.kind() + "/" + d.name() + ": " + e.getMessage()));
      }
    }
    if (!matched) {
      problems.add(new RenderProblem(kfile, p.line(), 1, "patches", "patch matches no resource (" + describe(p.target()) + ")"));
    }
  }

  static boolean matches(Kustomization.Target t, SourceDoc d) {
    String version = d.apiVersion().contains("/") ? d.apiVersion().substring(d.apiVersion().indexOf('/') + 1)
        : d.apiVersion();
    if (!t.group().isEmpty() && !t.group().equals(d.group()) || !t.version().isEmpty() && !t.version().equals(version)
        || !t.kind().isEmpty() && !t.kind().equals(d.kind()) || !t.name().isEmpty() && !t.name().equals(d.name())
        || !t.namespace().isEmpty() && !t.namespace().equals(d.namespace())) {
      return false;
    }
    Map<String, Object> labels = PodSpecs.map(d.metadata().get("labels"));
    for (Map.Entry<String, String> e : t.labelSelector().entrySet()) {
      if (labels == null || !e.getValue().equals(String.valueOf(labels.get(e.getKey())))) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Kustomization.Target t) {
    List<String> parts = new ArrayList<>();
    if (!t.kind().isEmpty()) {
      parts.add("kind " + t.kind());
    }
    if (!t.name().isEmpty()) {
      parts.add("name " + t.name());
    }
    if (!t.namespace().isEmpty()) {
      parts.add("namespace " + t.namespace());
    }
    if (!t.labelSelector().isEmpty()) {
      parts.add("labels " + t.labelSelector());
    }
    return parts.isEmpty() ? "any" : String.join(", ", parts);
  }
}
