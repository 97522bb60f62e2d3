package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Talos's config loader (pkg/machinery/config/configloader, internal/decoder/decoder.go) as a
 * simulated node runs it: documents split from the stream, each identified by
 * apiVersion/kind/name, duplicates refused, the kind looked up in the registry, then decoded
 * strictly. The decoding itself is modelled by the published schema of the node's release line
 * ({@link TalosSchemas}): a type error stands for go-yaml's unmarshal error and a property the
 * schema does not allow for xyaml.CheckUnknownKeys. Error texts follow the Go code's wrapping.
 */
final class ConfigDecoder {
  /** A document Talos would load, with its identity. */
  record Decoded(String apiVersion, String kind, String name, int line, JsonNode body) {
    boolean legacy() {
      return TalosSchemas.LEGACY_KIND.equals(kind) && apiVersion.isEmpty();
    }
  }

  /** The loader refused the bytes; the message is the Go error text (without the caller's prefix). */
  static final class DecodeException extends RuntimeException {
    DecodeException(String message) {
      super(message, null, false, false);
    }
  }

  private ConfigDecoder() {}

  static List<Decoded> decode(String text, TalosSchemas schemas) {
    List<YamlTree.Doc> docs;
    try {
      docs = YamlTree.parse(text);
    } catch (YamlEngineException | IllegalArgumentException e) {
      throw new DecodeException("decode error: yaml: " + firstLine(e.getMessage()));
    }
    List<Decoded> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (YamlTree.Doc doc : docs) {
      if (doc.body().isNull()) {
        continue;
      }
      if (!doc.body().isObject()) {
        throw new DecodeException("expected a YAML document at line " + doc.line());
      }
      String apiVersion = text(doc.body(), "apiVersion");
      String kind = text(doc.body(), "kind");
      String name = text(doc.body(), "name");
      String id = apiVersion + "/" + (kind.isEmpty() ? TalosSchemas.LEGACY_KIND : kind) + "/" + name;
      if (!seen.add(id)) {
        throw new DecodeException("duplicate document " + id + " is not allowed (line " + doc.line() + ")");
      }
      try {
        out.add(decodeOne(doc, apiVersion, kind, name, schemas));
      } catch (DecodeException e) {
        throw new DecodeException("error decoding document " + id + " (line " + doc.line() + "): " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new DecodeException("config not found");
    }
    return out;
  }

  /** decoder.go decode(): the legacy keys make a v1alpha1.Config whatever apiVersion says. */
  private static Decoded decodeOne(YamlTree.Doc doc, String apiVersion, String kind, String name,
      TalosSchemas schemas) {
    String version = apiVersion;
    for (String legacyKey : List.of("machine", "cluster", "debug", "persist")) {
      if (doc.body().has(legacyKey)) {
        version = "v1alpha1";
      }
    }
    String registryKind;
    if (version.equals("v1alpha1") && kind.isEmpty()) {
      registryKind = TalosSchemas.LEGACY_KIND;
    } else if (kind.isEmpty()) {
      throw new DecodeException("missing kind");
    } else if (version.isEmpty()) {
      throw new DecodeException("missing apiVersion");
    } else if (!version.equals("v1alpha1") || !schemas.registered(kind)) {
      throw new DecodeException("\"" + kind + "\" \"" + version + "\": not registered");
    } else {
      registryKind = kind;
    }
    String target = kind + " to *" + schemas.goType(registryKind);
    schemas.schema(registryKind).ifPresent(schema -> {
      List<Error> errors = schema.validate(doc.body());
      DecodeProblems.of(errors, doc).throwIfAny(target);
    });
    return new Decoded(registryKind.equals(TalosSchemas.LEGACY_KIND) ? "" : apiVersion, registryKind, name,
        doc.line(), doc.body());
  }

  private static String text(JsonNode body, String key) {
    JsonNode v = body.get(key);
    return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid document";
    }
    return s.strip().lines().findFirst().orElse(s);
  }
}
