package dev.plumb.render.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one document against the schema of its kind, as Talos's decoder would
 * (siderolabs/talos pkg/machinery/config/configloader/internal/decoder/decoder.go): the kind must be
 * registered, unknown keys are refused, values must decode into their Go type. Each document is
 * checked on its own against the one {@code $def} of its kind rather than the top-level {@code
 * oneOf}, so an error names the field instead of "matches none of 43 schemas".
 */
final class SchemaCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaCheck() {}

  static List<Finding> check(TalosSchemas schemas, Map<String, Object> doc) {
    String id = DocId.of(doc);
    Object kind = doc.get("kind");
    if (kind == null && doc.containsKey("apiVersion")) {
      return List.of(new Finding(id, "", "missing kind"));
    }
    if (kind != null && !doc.containsKey("apiVersion")) {
      return List.of(new Finding(id, "", "missing apiVersion"));
    }
    String key = kind == null ? "v1alpha1" : String.valueOf(kind);
    Optional<String> def = schemas.defOf(key);
    if (def.isEmpty()) {
      // Talos's registry error (pkg/machinery/config/internal/registry): "<kind>" "<apiVersion>": not registered
      return List.of(new Finding(id, "kind", "\"" + key + "\" \"" + doc.get("apiVersion") + "\": not registered"));
    }
    JsonNode node = JSON.valueToTree(doc);
    List<Error> errors = schemas.schema(def.get()).validate(node);
    // where a scalar meets a string alternative, go-yaml decodes it; the oneOf around it then holds too
    Set<String> decoded = new HashSet<>();
    for (Error e : errors) {
      if (decodable(e)) {
        decoded.add(String.valueOf(e.getInstanceLocation()));
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Error e : errors) {
      boolean covered = decoded.contains(String.valueOf(e.getInstanceLocation()))
          && Set.of("type", "oneOf", "anyOf").contains(e.getKeyword());
      if (!covered && !decodable(e)) {
        out.add(new Finding(id, path(e), message(e)));
      }
    }
    return out;
  }

  /**
   * Whether Talos's YAML decoder (go-yaml) accepts what the schema refuses: any scalar decodes into
   * a string field, and a null decodes into any field as its zero value.
   */
  private static boolean decodable(Error e) {
    if (!"type".equals(e.getKeyword())) {
      return false;
    }
    JsonNode value = e.getInstanceNode();
    if (value == null || value.isNull()) {
      return true;
    }
    JsonNode expected = e.getSchemaNode();
    boolean wantsString = expected != null && (expected.isTextual() && expected.asText().equals("string")
        || expected.isArray() && expected.toString().contains("\"string\""));
    return value.isValueNode() && wantsString;
  }

  private static String path(Error e) {
    StringBuilder sb = new StringBuilder();
    var p = e.getInstanceLocation();
    for (int i = 0; i < p.getNameCount(); i++) {
      Object el = p.getElement(i);
      if (el instanceof Integer n) {
        sb.append('[').append(n).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(el);
      }
    }
    if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
      sb.append(sb.length() == 0 ? "" : ".").append(e.getProperty());
    }
    return sb.toString();
  }

  private static String message(Error e) {
    String type = goType(e);
    if ("additionalProperties".equals(e.getKeyword())) {
      return "unknown keys found during decoding: field " + e.getProperty() + " not found in type " + type;
    }
    String m = e.getMessage();
    // networknt prefixes the instance location ("$.machine.type: ..."); the path is its own column here
    int colon = m.indexOf(": ");
    String text = m.startsWith("$") && colon > 0 ? m.substring(colon + 2) : m;
    return text + (type.isEmpty() ? "" : " (" + type + ")");
  }

  /** The Go type the failing schema describes, from its {@code $defs} name. */
  private static String goType(Error e) {
    String loc = String.valueOf(e.getEvaluationPath());
    int at = loc.lastIndexOf("$defs");
    if (at < 0) {
      loc = String.valueOf(e.getSchemaLocation());
      at = loc.lastIndexOf("$defs");
    }
    if (at < 0) {
      return "";
    }
    String rest = loc.substring(at + 6);
    int end = rest.indexOf('/');
    return end < 0 ? rest : rest.substring(0, end);
  }
}
