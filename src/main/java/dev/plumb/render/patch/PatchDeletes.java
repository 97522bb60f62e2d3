package dev.plumb.render.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one {@code $patch: delete} selector to the document it names, with Talos's lookup rules
 * and messages (siderolabs/talos pkg/machinery/config/configloader/internal/decoder/selector.go):
 * a struct field is zeroed whether or not it was set, but a path through an unset pointer, a
 * missing map key or a list item that no element matches fails with "lookup failed".
 */
final class PatchDeletes {
  private static final String LOOKUP_FAILED = "lookup failed";

  private final LoadedPatch.Delete sel;
  private final ConfigShape shape;
  private final String docKind;

  private PatchDeletes(LoadedPatch.Delete sel, ConfigShape shape, String docKind) {
    this.sel = sel;
    this.shape = shape;
    this.docKind = docKind;
  }

  /**
   * Deletes what the selector names from {@code doc}. Returns true when the selector names the
   * whole document, which the caller then drops.
   */
  static boolean apply(LoadedPatch.Delete sel, Map<String, Object> doc, ConfigShape shape) {
    String kind = ConfigDocs.kind(doc);
    if (sel.path().isEmpty()) {
      if (ConfigDocs.isV1alpha1(doc)) {
        throw new PatchDeletes(sel, shape, kind).fail(doc, "can't delete the root of the legacy document");
      }
      return true;
    }
    PatchDeletes d = new PatchDeletes(sel, shape, kind);
    String err = d.delete(doc, 0, new ArrayList<>());
    if (err != null) {
      throw d.fail(doc, "failed to delete path '" + sel.pathString() + "': " + err);
    }
    return false;
  }

  /** Null when deleted, else Talos's reason. */
  private String delete(Object val, int i, List<String> shapePath) {
    String seg = sel.path().get(i);
    boolean last = i == sel.path().size() - 1;
    if (val instanceof List<?> list) {
      return deleteFromList(list, seg, last);
    }
    if (!(val instanceof Map<?, ?> m)) {
      return LOOKUP_FAILED;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) m;
    boolean goMap = shape.kindAt(docKind, shapePath) == ConfigShape.Kind.MAP;
    if (goMap && !map.containsKey(seg)) {
      return LOOKUP_FAILED;
    }
    if (last) {
      map.remove(seg); // a struct field is zeroed even when it was not set
      return null;
    }
    Object child = map.get(seg);
    if (child == null) {
      return LOOKUP_FAILED; // nil pointer or nil map on the way
    }
    List<String> next = new ArrayList<>(shapePath);
    next.add(seg);
    return delete(child, i + 1, next);
  }

  private String deleteFromList(List<?> list, String seg, boolean last) {
    if (!last) {
      return "searching for complex paths in slices is not supported";
    }
    if (seg.isEmpty()) {
      return "searching for '' in a slice is not supported";
    }
    if (!seg.startsWith("[")) {
      return "searching for non-integer keys in slices is not supported";
    }
    for (int j = 0; j < list.size(); j++) {
      // Talos compares the field's Go string form, so only string fields ever match
      if (list.get(j) instanceof Map<?, ?> item && item.get(sel.key()) instanceof String s && s.equals(sel.value())) {
        list.remove(j);
        return null;
      }
    }
    return LOOKUP_FAILED;
  }

  private PatchException fail(Map<String, Object> doc, String message) {
    String apiVersion = ConfigDocs.isV1alpha1(doc) ? "" : String.valueOf(doc.get("apiVersion"));
    String where = apiVersion + "/" + docKind;
    String text = sel.name().isEmpty()
        ? "patch delete: path '" + sel.pathString() + "' in document '" + where + "': " + message
        : "named patch delete: document " + where + ": " + message;
    return new PatchException("", sel.line(), text);
  }
}
