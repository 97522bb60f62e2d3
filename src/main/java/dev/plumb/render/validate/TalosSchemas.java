package dev.plumb.render.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine-config JSON schemas of Talos 1.8 through 1.14, read once from the classpath
 * ({@code talos-schema/v1.N.schema.json}) with their known gaps closed ({@link SchemaGaps}), and
 * one compiled schema per document kind. Thread-safe; every release is loaded at most once per
 * process, so rendering many nodes pays for it once.
 */
public final class TalosSchemas {
  /** The oldest and newest release lines whose schema plumb carries. */
  public static final int OLDEST = 8;
  public static final int NEWEST = 14;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Integer, TalosSchemas> LOADED = new ConcurrentHashMap<>();

  private final int minor;
  private final Map<String, String> defByKind;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
  private final SchemaRegistry registry;
  private final ObjectNode root;

  private TalosSchemas(int minor) {
    this.minor = minor;
    this.root = (ObjectNode) read(minor);
    List<JsonNode> older = new ArrayList<>();
    for (int m = minor - 1; m >= OLDEST; m--) {
      older.add(read(m));
    }
    SchemaGaps.close(root, minor, older);
    this.defByKind = kinds(root);
    // messages in English whatever the JVM's locale: they reach users next to Talos's own words
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build();
    this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaRegistryConfig(config));
  }

  /** The schemas of release 1.{@code minor}; releases outside 1.8-1.14 use the nearest one. */
  public static TalosSchemas of(int minor) {
    int m = Math.max(OLDEST, Math.min(NEWEST, minor));
    return LOADED.computeIfAbsent(m, TalosSchemas::new);
  }

  public int minor() {
    return minor;
  }

  /** The {@code $defs} name of a kind ({@code v1alpha1} for the legacy document), if Talos knows it. */
  public Optional<String> defOf(String kind) {
    return Optional.ofNullable(defByKind.get(kind));
  }

  /** The compiled schema of one {@code $def}, validating a whole document. */
  Schema schema(String def) {
    return compiled.computeIfAbsent(def, d -> {
      ObjectNode wrapper = JSON.createObjectNode();
      wrapper.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
      wrapper.set("$defs", root.get("$defs"));
      wrapper.put("$ref", "#/$defs/" + d);
      String id = "https://plumb.invalid/talos/v1." + minor + "/" + d + ".json";
      return registry.getSchema(SchemaLocation.of(id), wrapper);
    });
  }

  private static Map<String, String> kinds(ObjectNode root) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode ref : root.get("oneOf")) {
      String def = ref.get("$ref").asText().replace("#/$defs/", "");
      JsonNode props = root.get("$defs").get(def).path("properties");
      if (props.has("version")) {
        out.put("v1alpha1", def);
      } else {
        out.put(props.path("kind").path("enum").path(0).asText(), def);
      }
    }
    return out;
  }

  private static JsonNode read(int minor) {
    String path = "talos-schema/v1." + minor + ".schema.json";
    try (InputStream in = TalosSchemas.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path, e);
    }
  }
}
