package dev.plumb.render.patch;

import java.util.List;
import java.util.Map;

/**
 * One loaded config patch, as Talos's {@code configpatcher.LoadPatch} sees it: a strategic merge
 * patch (a partial multi-document config, {@code $patch: delete} taken out as selectors) or an
 * RFC 6902 operation list.
 */
public sealed interface LoadedPatch permits LoadedPatch.Strategic, LoadedPatch.Json6902 {
  /** Where the patch came from, for messages. */
  String source();

  /**
   * A strategic merge patch: its steps in the order Talos applies them (the deletes of the
   * v1alpha1 document first, then that document, then the others in file order, each document's
   * deletes before its body).
   */
  record Strategic(String source, List<Step> steps) implements LoadedPatch {
    public Strategic {
      steps = List.copyOf(steps);
    }
  }

  /** RFC 6902 operations; consecutive JSON patches are joined into one. */
  record Json6902(String source, List<Object> ops) implements LoadedPatch {
    public Json6902 {
      ops = List.copyOf(ops);
    }
  }

  /** One step of a strategic merge patch. */
  sealed interface Step permits Merge, Delete {
    /** The document the step targets: {@code apiVersion/kind[/name]}, "/v1alpha1" for the legacy one. */
    String documentId();

    /** The line in the patch, 1-based. */
    int line();
  }

  /** Merge this (delete-free) document into the matching one, or append it. */
  record Merge(String documentId, Map<String, Object> body, int line) implements Step {}

  /**
   * A {@code $patch: delete} selector (Talos's decoder/selector.go): the path to delete in the
   * document; for a list item, {@code key}/{@code value} pick the item (its first other field).
   * An empty path deletes the whole document.
   */
  record Delete(String documentId, String apiVersion, String kind, String name, List<String> path, String key,
      String value, int line) implements Step {
    public Delete {
      path = List.copyOf(path);
    }

    public String pathString() {
      return String.join(".", path);
    }
  }
}
