package dev.plumb.render.patch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.util.List;
import java.util.Map;

/**
 * RFC 6902 patches (add, remove, replace, move, copy, test) as Talos applies them
 * (siderolabs/talos pkg/machinery/config/configpatcher/json6902.go): to a single-document config
 * only, with Talos's messages.
 */
public final class JsonPatches {
  /** Talos's refusal of a JSON patch against more than one document, word for word. */
  public static final String MULTI_DOC = "JSON6902 patches are not supported for multi-document machine configuration";
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private JsonPatches() {}

  /** The config with the operations applied; a config of more than one document is refused. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> apply(List<Map<String, Object>> config, LoadedPatch.Json6902 patch) {
    if (config.size() != 1) {
      throw new PatchException(patch.source(), 0, MULTI_DOC);
    }
    try {
      JsonNode patched = JsonPatch.apply(JSON.valueToTree(patch.ops()), JSON.valueToTree(config.get(0)));
      if (!patched.isObject()) {
        throw new PatchException(patch.source(), 0, "talos machine config is not a yaml document");
      }
      return List.of(JSON.convertValue(patched, Map.class));
    } catch (JsonPatchApplicationException | IllegalArgumentException e) {
      throw new PatchException(patch.source(), 0,
          "failure applying rfc6902 patches to talos machine config: " + e.getMessage());
    }
  }
}
