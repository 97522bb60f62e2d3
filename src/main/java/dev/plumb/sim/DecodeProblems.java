package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Schema findings on one document, sorted into what Talos's decoder reports: go-yaml unmarshal
 * errors (a value of the wrong type), errors of typed values (enums, durations, addresses), and
 * unknown keys. go-yaml is lenient where the schema is not, and those findings are dropped: a null
 * value decodes to the zero value, any scalar decodes into a string, and the YAML 1.1 words
 * yes/no/on/off decode into a bool (go-yaml v3 decode.go).
 */
final class DecodeProblems {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OLD_BOOLS = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
      "n", "N", "no", "No", "NO", "off", "Off", "OFF");

  private final List<String> typeErrors = new ArrayList<>();
  private final List<String> valueErrors = new ArrayList<>();
  private final Map<String, Object> unknown = new TreeMap<>();

  private DecodeProblems() {}

  static DecodeProblems of(List<Error> errors, YamlTree.Doc doc) {
    DecodeProblems p = new DecodeProblems();
    // a value go-yaml decodes leniently satisfies the whole oneOf it sits in (Args: string or list)
    Set<String> lenientAt = new java.util.HashSet<>();
    for (Error e : errors) {
      if ("type".equals(e.getKeyword()) && e.getInstanceNode() != null && lenient(expected(e), e.getInstanceNode())) {
        lenientAt.add(pointer(e.getInstanceLocation()));
      }
    }
    List<Error> sorted = new ArrayList<>(errors);
    sorted.removeIf(e -> lenientAt.contains(pointer(e.getInstanceLocation()))
        && Set.of("type", "oneOf", "anyOf").contains(String.valueOf(e.getKeyword())));
    sorted.sort(Comparator.comparingInt(e -> doc.lineOf(pointer(e.getInstanceLocation()))));
    for (Error e : sorted) {
      p.add(e, doc);
    }
    return p;
  }

  private static String expected(Error e) {
    return String.valueOf(e.getArguments() == null || e.getArguments().length < 2 ? "" : e.getArguments()[1]);
  }

  private void add(Error e, YamlTree.Doc doc) {
    String ptr = pointer(e.getInstanceLocation());
    JsonNode value = e.getInstanceNode();
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    if (value == null || value.isNull() || keyword.equals("oneOf") && ptr.isEmpty()) {
      return;
    }
    switch (keyword) {
      case "additionalProperties" -> addUnknown(e.getInstanceLocation(), e.getProperty(), value.get(e.getProperty()));
      case "type" -> {
        String want = expected(e);
        if (!lenient(want, value)) {
          typeErrors.add("line " + doc.lineOf(ptr) + ": cannot unmarshal !!" + doc.tagOf(ptr)
              + (value.isContainerNode() ? "" : " `" + value.asText() + "`") + " into " + goType(want));
        }
      }
      case "enum" -> {
        if (!ptr.equals("/version")) {
          valueErrors.add("line " + doc.lineOf(ptr) + ": " + value.asText() + " is not one of the allowed values "
              + e.getSchemaNode());
        }
      }
      default -> valueErrors.add("line " + doc.lineOf(ptr) + ": " + e.getMessage());
    }
  }

  /** Throws the decoder's error for the first kind of problem Talos meets, if any. */
  void throwIfAny(String target) {
    if (!typeErrors.isEmpty()) {
      throw new ConfigDecoder.DecodeException("error decoding " + target + ": yaml: unmarshal errors:\n  "
          + String.join("\n  ", typeErrors));
    }
    if (!valueErrors.isEmpty()) {
      throw new ConfigDecoder.DecodeException("error decoding " + target + ": " + valueErrors.get(0));
    }
    if (!unknown.isEmpty()) {
      Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(4).build());
      throw new ConfigDecoder.DecodeException("unknown keys found during decoding:\n" + dump.dumpToString(unknown));
    }
  }

  private static boolean lenient(String want, JsonNode value) {
    return want.contains("string") && value.isValueNode()
        || want.contains("boolean") && value.isTextual() && OLD_BOOLS.contains(value.asText());
  }

  private static String goType(String schemaType) {
    return switch (schemaType.replaceAll("[\\[\\]\"]", "")) {
      case "integer" -> "int";
      case "boolean" -> "bool";
      case "number" -> "float64";
      case "array" -> "[]interface {}";
      case "object" -> "map[string]interface {}";
      default -> "string";
    };
  }

  /** Places an unknown key in a tree shaped like the one xyaml.CheckUnknownKeys reports. */
  @SuppressWarnings("unchecked")
  private void addUnknown(NodePath at, String key, JsonNode value) {
    Map<String, Object> cur = unknown;
    for (int i = 0; i < at.getNameCount(); i++) {
      cur = (Map<String, Object>) cur.computeIfAbsent(String.valueOf(at.getElement(i)), k -> new TreeMap<>());
    }
    cur.put(key, value == null ? null : JSON.convertValue(value, Object.class));
  }

  static String pointer(NodePath p) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.getNameCount(); i++) {
      sb.append('/').append(YamlTree.escape(String.valueOf(p.getElement(i))));
    }
    return sb.toString();
  }
}
