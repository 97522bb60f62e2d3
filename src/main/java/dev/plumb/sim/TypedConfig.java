package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine config as Talos holds it once decoded into its Go types, as far as the simulator
 * needs it for comparing configs: key order is gone (a struct has fields, not an order), a key
 * set to null is the same as an absent one (go-yaml leaves the field at its zero value), and a
 * scalar is its value, not its spelling ({@code "1"} and {@code 1} decode to the same field).
 * Values keep their YAML type for encoding; {@link #normalize} is the form that is compared.
 * The v1alpha1 document comes first, as container.EncodeBytes writes it. What this model does not
 * know is the Go type of each field, so a zero value written out ({@code wipe: false}) still
 * differs from an absent key, where Talos would see no difference for non-pointer fields.
 */
final class TypedConfig {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final JsonNode v1alpha1;
  private final List<JsonNode> others;

  private TypedConfig(JsonNode v1alpha1, List<JsonNode> others) {
    this.v1alpha1 = v1alpha1;
    this.others = others;
  }

  /** Decodes a config the loader has already accepted. */
  static TypedConfig of(byte[] raw) {
    JsonNode v1 = null;
    List<JsonNode> others = new ArrayList<>();
    for (YamlTree.Doc doc : YamlTree.parse(new String(raw, StandardCharsets.UTF_8))) {
      if (doc.body() == null || !doc.body().isObject()) {
        continue;
      }
      JsonNode body = withoutNulls(doc.body());
      if (!doc.body().has("kind")) {
        v1 = body;
      } else {
        others.add(body);
      }
    }
    return new TypedConfig(v1, others);
  }

  static TypedConfig of(MachineConfigView view) {
    return of(view.raw());
  }

  /** The v1alpha1 document (a deep copy the caller may change). */
  Optional<ObjectNode> v1alpha1() {
    return Optional.ofNullable(v1alpha1).map(n -> (ObjectNode) n.deepCopy());
  }

  /** Every document, v1alpha1 first, as the encoder writes them. */
  List<JsonNode> documents() {
    List<JsonNode> out = new ArrayList<>();
    if (v1alpha1 != null) {
      out.add(v1alpha1);
    }
    out.addAll(others);
    return out;
  }

  /** Every document as compared: key order, nulls and scalar spelling gone. */
  List<JsonNode> normalized() {
    return documents().stream().map(TypedConfig::normalize).toList();
  }

  /** Drops null-valued keys, recursively, keeping scalar types. */
  private static JsonNode withoutNulls(JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = F.objectNode();
      n.fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          o.set(e.getKey(), withoutNulls(e.getValue()));
        }
      });
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = F.arrayNode();
      n.forEach(item -> a.add(withoutNulls(item)));
      return a;
    }
    return n;
  }

  /** Drops null-valued keys and resolves every scalar to its text, recursively. */
  static JsonNode normalize(JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = F.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          o.set(e.getKey(), normalize(e.getValue()));
        }
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = F.arrayNode();
      n.forEach(item -> a.add(normalize(item)));
      return a;
    }
    return n.isNull() ? n : F.textNode(n.asText());
  }
}
