package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine-config schema that Talos publishes for a release line, as the document decoder of a
 * simulated node uses it: one schema per document kind. The published files leave out fields that
 * Talos's Go types still decode (deprecated fields are hidden from the docs, never removed), so the
 * fields and types of every older release line are laid back under the newer one. A few published
 * values disagree with the Go code (kind names, a URL typed as an object); the code wins, because
 * the code is what decodes. Rules the decoder does not apply (machine type, endpoint scheme) are
 * left to {@link TalosConfigRules}, which words them as Talos does.
 */
final class TalosSchemas {
  static final String LEGACY_KIND = "v1alpha1";
  private static final String[] LINES = {"v1.8", "v1.9", "v1.10", "v1.11", "v1.12", "v1.13", "v1.14"};
  /** Kinds registered by the Go code but absent from the published schema (reference README). */
  private static final Set<String> UNSCHEMED = Set.of("ImageVerificationConfig");
  private static final Map<String, TalosSchemas> BY_LINE = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode root;
  private final Map<String, String> defByKind = new LinkedHashMap<>();
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private TalosSchemas(ObjectNode root) {
    this.root = root;
    for (JsonNode ref : root.path("oneOf")) {
      String def = ref.path("$ref").asText().replace("#/$defs/", "");
      JsonNode kind = root.path("$defs").path(def).path("properties").path("kind").path("enum");
      defByKind.put(kind.isArray() ? kind.get(0).asText() : LEGACY_KIND, def);
    }
  }

  /** The schemas of the release line of {@code talosVersion} (for example v1.13.9). */
  static TalosSchemas forVersion(String talosVersion) {
    String line = line(talosVersion);
    return BY_LINE.computeIfAbsent(line, TalosSchemas::load);
  }

  /** The release line whose schema applies: the node's own, clamped to the lines plumb carries. */
  static String line(String talosVersion) {
    int minor;
    try {
      minor = Integer.parseInt(talosVersion.replaceFirst("^v?1\\.(\\d+).*$", "$1"));
    } catch (NumberFormatException e) {
      minor = 13;
    }
    minor = Math.max(8, Math.min(14, minor));
    return "v1." + minor;
  }

  /** Whether the Go code registers {@code kind} (for a typed document, apiVersion v1alpha1). */
  boolean registered(String kind) {
    return defByKind.containsKey(kind) || UNSCHEMED.contains(kind);
  }

  /** The Go type name of a kind's document, as {@code %T} prints it without the pointer star. */
  String goType(String kind) {
    return defByKind.getOrDefault(kind, kind);
  }

  /** The schema that one document of this kind must satisfy; empty when the schema has none. */
  Optional<Schema> schema(String kind) {
    String def = defByKind.get(kind);
    if (def == null) {
      return Optional.empty();
    }
    return Optional.of(schemas.computeIfAbsent(def, d -> {
      ObjectNode s = JSON.createObjectNode();
      s.put("$schema", root.path("$schema").asText());
      s.put("$ref", "#/$defs/" + d);
      s.set("$defs", root.path("$defs"));
      return registry.getSchema(s);
    }));
  }

  private static TalosSchemas load(String line) {
    ObjectNode merged = read(line);
    for (String older : LINES) {
      if (older.equals(line)) {
        break;
      }
      layLegacyFields((ObjectNode) merged.get("$defs"), (ObjectNode) read(older).get("$defs"));
    }
    fixKnownGaps((ObjectNode) merged.get("$defs"));
    return new TalosSchemas(merged);
  }

  /** Adds the v1alpha1 types and fields an older line published and this one hides. */
  private static void layLegacyFields(ObjectNode defs, ObjectNode olderDefs) {
    for (Iterator<Map.Entry<String, JsonNode>> it = olderDefs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("v1alpha1.")) {
        continue;
      }
      JsonNode mine = defs.get(e.getKey());
      if (mine == null) {
        defs.set(e.getKey(), e.getValue().deepCopy());
      } else if (mine.has("properties") && e.getValue().has("properties")) {
        ObjectNode props = (ObjectNode) mine.get("properties");
        e.getValue().get("properties").fields().forEachRemaining(p -> {
          if (!props.has(p.getKey())) {
            props.set(p.getKey(), p.getValue().deepCopy());
          }
        });
      }
    }
  }

  private static void fixKnownGaps(ObjectNode defs) {
    ObjectNode stringType = JSON.createObjectNode().put("type", "string");
    if (defs.has("v1alpha1.Endpoint")) {
      // a URL string in YAML; the published schema types it as an empty object
      defs.set("v1alpha1.Endpoint", stringType.deepCopy());
    }
    setProperty(defs, "v1alpha1.MachineConfig", "type", stringType);
    setProperty(defs, "v1alpha1.ControlPlaneConfig", "endpoint", stringType);
    // deprecated before v1.8, still fields of the Go types (v1alpha1_types.go), so still decoded
    ObjectNode bool = JSON.createObjectNode().put("type", "boolean");
    setProperty(defs, "v1alpha1.Config", "persist", bool);
    addProperty(defs, "v1alpha1.ClusterConfig", "allowSchedulingOnMasters", bool);
    addProperty(defs, "v1alpha1.InstallConfig", "bootloader", bool);
    // []*x509.PEMEncodedCertificate in v1alpha1_types.go; the schema annotation describes one item
    for (String def : new String[] {"v1alpha1.MachineConfig", "v1alpha1.ClusterConfig"}) {
      JsonNode item = defs.path(def).path("properties").path("acceptedCAs");
      if (item.path("type").asText().equals("object")) {
        ObjectNode list = JSON.createObjectNode().put("type", "array");
        list.set("items", item.deepCopy());
        setProperty(defs, def, "acceptedCAs", list);
      }
    }
    renameKind(defs, "KubeSpanEndpoints", "KubeSpanEndpointsConfig");
    renameKind(defs, "UnattendedInstall", "UnattendedInstallConfig");
  }

  private static void setProperty(ObjectNode defs, String def, String property, JsonNode schema) {
    JsonNode d = defs.get(def);
    if (d != null && d.get("properties") instanceof ObjectNode props) {
      props.set(property, schema.deepCopy());
    }
  }

  private static void addProperty(ObjectNode defs, String def, String property, JsonNode schema) {
    if (!defs.path(def).path("properties").has(property)) {
      setProperty(defs, def, property, schema);
    }
  }

  private static void renameKind(ObjectNode defs, String published, String registered) {
    defs.fields().forEachRemaining(e -> {
      JsonNode kind = e.getValue().path("properties").path("kind");
      if (kind.path("enum").size() == 1 && published.equals(kind.path("enum").get(0).asText())) {
        ((ObjectNode) kind).set("enum", JSON.createArrayNode().add(registered));
      }
    });
  }

  private static ObjectNode read(String line) {
    String path = "/talos-schema/" + line + ".schema.json";
    try (InputStream in = TalosSchemas.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
