package dev.plumb.render.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which objects of a machine config are Go structs and which are Go maps, read from Talos's
 * published JSON schema of the version (resources /talos-schema/v1.N.schema.json). Talos merges and
 * deletes on typed structs; plumb holds plain maps, so it asks the schema where the difference
 * matters: deleting a struct field that is not set is fine, deleting a map key that is not there
 * is "lookup failed".
 */
public final class ConfigShape {
  /** What a value is in Go terms. UNKNOWN when the schema does not say (legacy fields it omits). */
  public enum Kind { STRUCT, MAP, UNKNOWN }

  private static final String NEWEST = "1.13";
  private static final Map<String, ConfigShape> CACHE = new ConcurrentHashMap<>();
  private static final ConfigShape NONE = new ConfigShape(null);

  private final JsonNode schema;

  private ConfigShape(JsonNode schema) {
    this.schema = schema;
  }

  /** The shape for a Talos version such as "v1.11.3"; the newest known one for others. */
  public static ConfigShape forVersion(String talosVersion) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^v?(1\\.\\d+)").matcher(talosVersion == null ? "" : talosVersion);
    String minor = m.find() ? m.group(1) : NEWEST;
    ConfigShape shape = CACHE.get(minor);
    if (shape == null) {
      JsonNode s = read(minor);
      shape = s != null ? new ConfigShape(s) : minor.equals(NEWEST) ? NONE : forVersion(NEWEST);
      CACHE.putIfAbsent(minor, shape);
    }
    return shape;
  }

  /** A shape that knows nothing: every object is UNKNOWN. */
  public static ConfigShape none() {
    return NONE;
  }

  private static JsonNode read(String minor) {
    try (InputStream in = ConfigShape.class.getResourceAsStream("/talos-schema/v" + minor + ".schema.json")) {
      return in == null ? null : new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kind of the object at {@code path} (keys; "[]" for a list item) in a document of {@code docKind}. */
  public Kind kindAt(String docKind, List<String> path) {
    JsonNode n = documentSchema(docKind);
    for (String p : path) {
      if (n == null) {
        return Kind.UNKNOWN;
      }
      n = p.startsWith("[") ? resolve(n.get("items")) : child(n, p);
    }
    return kindOf(n);
  }

  private static Kind kindOf(JsonNode n) {
    if (n == null) {
      return Kind.UNKNOWN;
    }
    if (n.has("properties")) {
      return Kind.STRUCT;
    }
    if (n.has("patternProperties") || n.path("additionalProperties").isObject()) {
      return Kind.MAP;
    }
    if (n.path("type").asText().equals("object")) {
      return Kind.MAP; // Talos's Unstructured: free-form, merged and deleted as a map
    }
    return Kind.UNKNOWN;
  }

  private JsonNode child(JsonNode n, String key) {
    JsonNode p = n.path("properties").get(key);
    if (p != null) {
      return resolve(p);
    }
    if (n.path("additionalProperties").isObject()) {
      return resolve(n.get("additionalProperties"));
    }
    Iterator<JsonNode> pattern = n.path("patternProperties").elements();
    return pattern.hasNext() ? resolve(pattern.next()) : null;
  }

  private JsonNode documentSchema(String docKind) {
    if (schema == null) {
      return null;
    }
    JsonNode defs = schema.path("$defs");
    if (docKind.equals("v1alpha1")) {
      return defs.get("v1alpha1.Config");
    }
    for (JsonNode d : defs) {
      for (JsonNode k : d.path("properties").path("kind").path("enum")) {
        if (k.asText().equals(docKind)) {
          return d;
        }
      }
    }
    return null;
  }

  private JsonNode resolve(JsonNode n) {
    if (n == null || schema == null) {
      return n;
    }
    JsonNode ref = n.get("$ref");
    if (ref != null && ref.asText().startsWith("#/$defs/")) {
      return schema.path("$defs").get(ref.asText().substring("#/$defs/".length()));
    }
    return n;
  }
}
