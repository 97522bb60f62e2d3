package dev.plumb.render.patch;

import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes the {@code $patch: delete} directives out of one patch document, as Talos's decoder does
 * before it decodes the rest (siderolabs/talos pkg/machinery/config/configloader/internal/decoder/
 * delete.go): a mapping holding {@code $patch: delete} is removed and becomes a selector, a mapping or
 * list emptied by removals is removed too, and a document left with nothing but
 * version/kind/name is dropped.
 */
final class DeleteExtractor {
  private static final Object DELETED = new Object();
  private static final Set<String> EMPTY_DOC_KEYS = Set.of("version", "kind", "name");

  private final String source;
  private final YMap root;
  private final List<LoadedPatch.Delete> deletes = new ArrayList<>();

  /** What is left of a document: its selectors, and its body (null when nothing is left to merge). */
  record Result(List<LoadedPatch.Delete> deletes, Map<String, Object> body) {}

  private DeleteExtractor(String source, YMap root) {
    this.source = source;
    this.root = root;
  }

  static Result extract(String source, YMap root) {
    DeleteExtractor x = new DeleteExtractor(source, root);
    Object body = x.walk(root, false, new ArrayList<>());
    if (body == DELETED) {
      return new Result(x.deletes, null);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) body;
    boolean empty = m.entrySet().stream()
        .allMatch(e -> EMPTY_DOC_KEYS.contains(e.getKey()) && !(e.getValue() instanceof Map || e.getValue() instanceof List));
    return new Result(x.deletes, empty ? null : m);
  }

  private Object walk(YNode n, boolean inList, List<String> path) {
    if (n instanceof YMap m) {
      return walkMap(m, inList, path);
    }
    if (n instanceof YList l) {
      List<Object> out = new ArrayList<>();
      boolean removed = false;
      for (YNode item : l.items()) {
        Object v = walk(item, true, with(path, "[" + out.size() + "]"));
        if (v == DELETED) {
          removed = true;
        } else {
          out.add(v);
        }
      }
      return removed && out.isEmpty() ? DELETED : out;
    }
    return YValues.toJava(n);
  }

  private Object walkMap(YMap m, boolean inList, List<String> path) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean removed = false;
    for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
      if (isDelete(e.getKey(), e.getValue())) {
        if (!inList) {
          noListInPath(path, m);
        }
        deletes.add(inList ? listSelector(path, m) : selector(path, "", "", m));
        return DELETED;
      }
      Object v = walk(e.getValue(), false, with(path, e.getKey()));
      if (v == DELETED) {
        removed = true;
      } else {
        out.put(e.getKey(), v);
      }
    }
    return removed && out.isEmpty() ? DELETED : out;
  }

  private static boolean isDelete(String key, YNode value) {
    return key.equals("$patch") && value instanceof YScalar s && s.text().equals("delete");
  }

  private void noListInPath(List<String> path, YNode at) {
    if (path.stream().anyMatch(p -> p.startsWith("["))) {
      throw fail(at, "cannot delete an inner key in '" + String.join(".", path) + "'");
    }
  }

  private LoadedPatch.Delete listSelector(List<String> path, YMap item) {
    for (Map.Entry<String, YNode> e : item.entries().entrySet()) {
      if (!isDelete(e.getKey(), e.getValue())) {
        String value = e.getValue() instanceof YScalar s ? s.text() : "";
        return selector(path, e.getKey(), value, item);
      }
    }
    throw fail(item, "no key:val found in sequence node for path " + String.join(".", path));
  }

  private LoadedPatch.Delete selector(List<String> path, String key, String value, YNode at) {
    boolean required = path.isEmpty();
    String apiVersion = find("apiVersion", required, at);
    String kind = find("kind", required, at);
    if (kind.isEmpty() && apiVersion.isEmpty()) {
      kind = "v1alpha1";
    } else if (kind.isEmpty() || apiVersion.isEmpty()) {
      throw fail(at, "kind and apiVersion must be both set for path " + String.join(".", path));
    }
    String name = find("name", false, at);
    String id = apiVersion + "/" + kind + (name.isEmpty() ? "" : "/" + name);
    return new LoadedPatch.Delete(id, apiVersion, kind, name, path, key, value, at.mark().line());
  }

  private String find(String key, boolean required, YNode at) {
    YNode v = root.entries().get(key);
    if (v == null) {
      if (required) {
        throw fail(at, "missing " + key + " in document for which $patch: delete is used");
      }
      return "";
    }
    return v instanceof YScalar s ? s.text() : "";
  }

  /** Talos wraps these as it reports them: "error processing patch delete statements at line N". */
  private PatchException fail(YNode at, String message) {
    return new PatchException(source, at.mark().line(), "error processing patch delete statements at line "
        + root.mark().line() + ": " + message);
  }

  private static List<String> with(List<String> path, String part) {
    List<String> p = new ArrayList<>(path);
    p.add(part);
    return p;
  }
}
