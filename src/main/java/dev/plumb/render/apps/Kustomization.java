package dev.plumb.render.apps;

import dev.plumb.render.RenderProblem;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of a kustomization.yaml plumb renders. Fields outside it (generators, components,
 * replacements, helmCharts, replicas, remote resources, ...) are refused with the file, line and
 * field named, never ignored: a silently skipped field would apply something else than the user
 * wrote.
 */
record Kustomization(String file, List<Ref> resources, List<Patch> patches, String namePrefix, String nameSuffix,
    String namespace, Map<String, String> commonLabels, Map<String, String> commonAnnotations, List<Labels> labels,
    List<Image> images) {

  /** A path (or inline patch text) and where it was written. */
  record Ref(String value, int line) {}

  /** Which objects a patch applies to; an empty field matches everything. */
  record Target(String group, String version, String kind, String name, String namespace,
      Map<String, String> labelSelector) {}

  /** One patch: from a file or inline; {@code json6902} when given under patchesJson6902. */
  record Patch(String path, String inline, Target target, int line) {}

  record Labels(Map<String, String> pairs, boolean includeSelectors, boolean includeTemplates) {}

  record Image(String name, String newName, String newTag, String digest) {}

  private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "metadata", "resources", "bases",
      "patches", "patchesStrategicMerge", "patchesJson6902", "namePrefix", "nameSuffix", "namespace",
      "commonLabels", "commonAnnotations", "labels", "images");

  static Kustomization parse(String file, YMap root, List<RenderProblem> problems) {
    Parser p = new Parser(file, problems);
    for (String key : root.entries().keySet()) {
      if (!FIELDS.contains(key)) {
        p.problem(root.keyMark(key).line(), key, "kustomization field '" + key
            + "' is not supported by plumb (supported: resources, patches, patchesStrategicMerge, patchesJson6902,"
            + " namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations, labels, images)");
      }
    }
    List<Ref> resources = new ArrayList<>(p.strings(root, "resources"));
    resources.addAll(p.strings(root, "bases"));
    List<Patch> patches = new ArrayList<>();
    for (YMap m : p.maps(root, "patches")) {
      patches.add(p.patch(m, "patches", false));
    }
    for (Ref r : p.strings(root, "patchesStrategicMerge")) {
      boolean inline = r.value().contains("\n") || r.value().contains(":");
      patches.add(new Patch(inline ? null : r.value(), inline ? r.value() : null, null, r.line()));
    }
    for (YMap m : p.maps(root, "patchesJson6902")) {
      patches.add(p.patch(m, "patchesJson6902", true));
    }
    List<Labels> labels = new ArrayList<>();
    for (YMap m : p.maps(root, "labels")) {
      p.only(m, "labels", Set.of("pairs", "includeSelectors", "includeTemplates"));
      labels.add(new Labels(p.stringMap(m, "pairs"), p.bool(m, "includeSelectors"), p.bool(m, "includeTemplates")));
    }
    List<Image> images = new ArrayList<>();
    for (YMap m : p.maps(root, "images")) {
      p.only(m, "images", Set.of("name", "newName", "newTag", "digest"));
      String name = p.string(m, "name");
      if (name.isEmpty()) {
        p.problem(m.mark().line(), "images", "an image entry needs a name");
      }
      images.add(new Image(name, p.string(m, "newName"), p.string(m, "newTag"), p.string(m, "digest")));
    }
    return new Kustomization(file, resources, patches, p.string(root, "namePrefix"), p.string(root, "nameSuffix"),
        p.string(root, "namespace"), p.stringMap(root, "commonLabels"), p.stringMap(root, "commonAnnotations"),
        labels, images);
  }

  /** Reads fields with the expectation named in each problem. */
  private record Parser(String file, List<RenderProblem> problems) {
    void problem(int line, String field, String message) {
      problems.add(new RenderProblem(file, line, 1, field, message));
    }

    void only(YMap m, String where, Set<String> allowed) {
      for (String k : m.entries().keySet()) {
        if (!allowed.contains(k)) {
          problem(m.keyMark(k).line(), where + "." + k, "field '" + k + "' is not supported by plumb in " + where
              + " (supported: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
      }
    }

    String string(YMap m, String key) {
      YNode n = m.entries().get(key);
      if (n == null || n instanceof YScalar s && s.isNull()) {
        return "";
      }
      if (n instanceof YScalar s) {
        return s.text();
      }
      problem(m.keyMark(key).line(), key, "expected a string");
      return "";
    }

    boolean bool(YMap m, String key) {
      YNode n = m.entries().get(key);
      if (n == null) {
        return false;
      }
      if (n instanceof YScalar s && s.bool() != null) {
        return s.bool();
      }
      problem(m.keyMark(key).line(), key, "expected true or false");
      return false;
    }

    List<Ref> strings(YMap m, String key) {
      YNode n = m.entries().get(key);
      List<Ref> out = new ArrayList<>();
      if (n == null || n instanceof YScalar s && s.isNull()) {
        return out;
      }
      if (!(n instanceof YList l)) {
        problem(m.keyMark(key).line(), key, "expected a list of strings");
        return out;
      }
      for (YNode i : l.items()) {
        if (i instanceof YScalar s) {
          out.add(new Ref(s.text(), s.mark().line()));
        } else {
          problem(i.mark().line(), key, "expected a string");
        }
      }
      return out;
    }

    List<YMap> maps(YMap m, String key) {
      YNode n = m.entries().get(key);
      List<YMap> out = new ArrayList<>();
      if (n == null || n instanceof YScalar s && s.isNull()) {
        return out;
      }
      if (!(n instanceof YList l)) {
        problem(m.keyMark(key).line(), key, "expected a list of mappings");
        return out;
      }
      for (YNode i : l.items()) {
        if (i instanceof YMap im) {
          out.add(im);
        } else {
          problem(i.mark().line(), key, "expected a mapping");
        }
      }
      return out;
    }

    Map<String, String> stringMap(YMap m, String key) {
      YNode n = m.entries().get(key);
      Map<String, String> out = new LinkedHashMap<>();
      if (n == null || n instanceof YScalar s && s.isNull()) {
        return out;
      }
      if (!(n instanceof YMap mm)) {
        problem(m.keyMark(key).line(), key, "expected a mapping of strings");
        return out;
      }
      mm.entries().forEach((k, v) -> {
        if (v instanceof YScalar s) {
          out.put(k, s.text());
        } else {
          problem(mm.keyMark(k).line(), key + "." + k, "expected a string");
        }
      });
      return out;
    }

    Patch patch(YMap m, String where, boolean json6902) {
      only(m, where, Set.of("path", "patch", "target", "options"));
      if (m.entries().containsKey("options")) {
        problem(m.keyMark("options").line(), where + ".options", "patch options are not supported by plumb");
      }
      String path = string(m, "path");
      String inline = string(m, "patch");
      if (path.isEmpty() == inline.isEmpty()) {
        problem(m.mark().line(), where, "a patch needs exactly one of path or patch");
      }
      Target target = null;
      if (m.entries().get("target") instanceof YMap t) {
        only(t, where + ".target", Set.of("group", "version", "kind", "name", "namespace", "labelSelector"));
        target = new Target(string(t, "group"), string(t, "version"), string(t, "kind"), string(t, "name"),
            string(t, "namespace"), selector(t));
      } else if (json6902) {
        problem(m.mark().line(), where, "a JSON6902 patch needs a target");
      }
      return new Patch(path.isEmpty() ? null : path, inline.isEmpty() ? null : inline, target, m.mark().line());
    }

    private Map<String, String> selector(YMap t) {
      String sel = string(t, "labelSelector");
      Map<String, String> out = new LinkedHashMap<>();
      for (String part : sel.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        String[] kv = part.split("==?", 2);
        if (kv.length != 2 || part.contains("!") || part.contains(" in ") || part.contains(" notin ")) {
          problem(t.keyMark("labelSelector").line(), "target.labelSelector",
              "only equality selectors (key=value, comma-separated) are supported, found '" + part.trim() + "'");
          continue;
        }
        out.put(kv[0].trim(), kv[1].trim());
      }
      return out;
    }
  }
}
