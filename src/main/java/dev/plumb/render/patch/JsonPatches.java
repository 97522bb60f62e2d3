package dev.plumb.render.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.util.List;
import java.util.Map;

/**
 * RFC 6902 patches (add, remove, replace, move, copy, test) as Talos applies them: to a
 * single-document config only.
 */
public final class JsonPatches {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonPatches() {}

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> apply(List<Map<String, Object>> config, List<Object> ops, String patchName) {
    if (config.size() != 1) {
      throw new PatchException(patchName + ": JSON6902 patches are not supported for multi-document machine"
          + " configuration (this config has " + config.size() + " documents: " + config.stream()
          .map(ConfigDocs::identity).toList() + "); write it as a strategic merge patch, e.g. a key with"
          + " '$patch: delete' instead of op: remove");
    }
    try {
      JsonNode target = JSON.valueToTree(config.get(0));
      JsonNode patched = JsonPatch.apply(JSON.valueToTree(ops), target);
      return List.of(JSON.convertValue(patched, Map.class));
    } catch (JsonPatchApplicationException | IllegalArgumentException e) {
      throw new PatchException(patchName + ": JSON patch failed: " + e.getMessage(), e);
    }
  }
}
