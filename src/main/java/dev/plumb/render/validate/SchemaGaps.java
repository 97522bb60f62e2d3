package dev.plumb.render.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Closes the known gaps between Talos's published machine-config schema and what Talos's decoder
 * accepts (reference/talos-schema/README.md), by editing the parsed schema before it is compiled.
 *
 * <ul>
 *   <li>Deprecated fields leave the schema while the Go structs keep them (siderolabs/talos
 *       pkg/machinery/config/types/v1alpha1/v1alpha1_types.go: {@code docgen:nodoc}, "Deprecated:"),
 *       and the schema closes those objects with {@code additionalProperties: false}. Every property
 *       and {@code $def} an older release's schema had is carried forward, with its old type.
 *   <li>Fields that never reached any published schema but are still decoded ({@code persist},
 *       {@code allowSchedulingOnMasters}, {@code install.bootloader}, {@code etcd.subnet}, the
 *       legacy device/vlan {@code cidr}).
 *   <li>Kind names that the code registers differently ({@code KubeSpanEndpointsConfig},
 *       {@code UnattendedInstallConfig}); {@code ImageVerificationConfig} (registered from 1.13, no
 *       schema); {@code v1alpha1.Endpoint}, which Talos decodes from a URL string.
 * </ul>
 */
final class SchemaGaps {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** def -> field -> JSON type of the legacy fields no published schema lists. */
  private static final Map<String, Map<String, String>> NEVER_PUBLISHED = Map.of(
      "v1alpha1.Config", Map.of("persist", "boolean"),
      "v1alpha1.ClusterConfig", Map.of("allowSchedulingOnMasters", "boolean"),
      "v1alpha1.InstallConfig", Map.of("bootloader", "boolean"),
      "v1alpha1.EtcdConfig", Map.of("subnet", "string"),
      "v1alpha1.Device", Map.of("cidr", "string"),
      "v1alpha1.Vlan", Map.of("cidr", "string"));

  /** Kind names as the schema spells them -> as Talos's registry does. */
  private static final Map<String, String> KIND_NAMES = Map.of(
      "KubeSpanEndpoints", "KubeSpanEndpointsConfig", "UnattendedInstall", "UnattendedInstallConfig");

  static final String IMAGE_VERIFICATION = "security.ImageVerificationConfigV1Alpha1";

  private SchemaGaps() {}

  /**
   * Edits {@code root} (the schema of release 1.{@code minor}) in place.
   *
   * @param older the schemas of the earlier releases, newest first
   */
  static void close(ObjectNode root, int minor, List<JsonNode> older) {
    ObjectNode defs = (ObjectNode) root.get("$defs");
    for (JsonNode old : older) {
      carryForward(defs, (ObjectNode) old.get("$defs"));
    }
    NEVER_PUBLISHED.forEach((def, fields) -> {
      if (defs.get(def) instanceof ObjectNode d && d.get("properties") instanceof ObjectNode props) {
        fields.forEach((name, type) -> {
          if (!props.has(name)) {
            props.set(name, F.objectNode().put("type", type));
          }
        });
      }
    });
    defs.set("v1alpha1.Endpoint", F.objectNode().put("type", "string"));
    renameKinds(defs);
    if (minor >= 13) {
      ObjectNode props = F.objectNode();
      props.set("apiVersion", F.objectNode().set("enum", F.arrayNode().add("v1alpha1")));
      props.set("kind", F.objectNode().set("enum", F.arrayNode().add("ImageVerificationConfig")));
      ObjectNode def = F.objectNode();
      def.set("properties", props);
      def.put("type", "object");
      def.set("required", F.arrayNode().add("apiVersion").add("kind"));
      defs.set(IMAGE_VERIFICATION, def);
      ((ArrayNode) root.get("oneOf")).add(F.objectNode().put("$ref", "#/$defs/" + IMAGE_VERIFICATION));
    }
  }

  private static void carryForward(ObjectNode defs, ObjectNode oldDefs) {
    for (Map.Entry<String, JsonNode> e : oldDefs.properties()) {
      JsonNode current = defs.get(e.getKey());
      if (current == null) {
        // a removed $def can only be reached through a carried-forward legacy property
        defs.set(e.getKey(), e.getValue().deepCopy());
      } else if (current.get("properties") instanceof ObjectNode props
          && e.getValue().get("properties") instanceof ObjectNode oldProps) {
        oldProps.properties().forEach(p -> {
          if (!props.has(p.getKey())) {
            props.set(p.getKey(), p.getValue().deepCopy());
          }
        });
      }
    }
  }

  private static void renameKinds(ObjectNode defs) {
    defs.properties().forEach(e -> {
      JsonNode kind = e.getValue().path("properties").path("kind").path("enum");
      if (kind instanceof ArrayNode arr && arr.size() == 1 && KIND_NAMES.containsKey(arr.get(0).asText())) {
        arr.set(0, F.textNode(KIND_NAMES.get(arr.get(0).asText())));
      }
    });
  }
}
