package dev.plumb.render;

import dev.plumb.render.schema.TalosEncoder;
import dev.plumb.render.schema.TalosSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one way plumb writes a machine config: byte for byte as {@code talhelper genconfig} writes it
 * (see {@link TalosEncoder}): documents in order, separated by {@code ---}, fields in Talos's struct
 * order whatever order the maps were built in, two-space indent, go-yaml's scalar styles.
 * Same input, same bytes.
 */
public final class CanonicalYaml {
  /** The release line whose schema knows the most document kinds; field order is the same for all. */
  static final String DEFAULT_VERSION = "v1.14";

  private CanonicalYaml() {}

  /** The documents as talhelper writes them for the given Talos version ("v1.13.9"). */
  public static byte[] encode(List<Map<String, Object>> docs, String talosVersion) {
    return new TalosEncoder(TalosSchema.forVersion(talosVersion)).encode(docs);
  }

  /** The documents encoded with the newest schema (any document kind Talos knows). */
  public static byte[] encode(List<Map<String, Object>> docs) {
    return encode(docs, DEFAULT_VERSION);
  }

  /**
   * The digest of a config's content, whoever wrote the bytes: parsed, re-encoded canonically, then
   * hashed. Two configs with the same documents and values have the same digest, whatever their key
   * order or scalar styles. Bytes that do not parse hash as they are.
   */
  @SuppressWarnings("unchecked")
  public static String canonicalSha(byte[] bytes) {
    try {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (var n : dev.plumb.render.yaml.YamlReader.readAll("config", new String(bytes, StandardCharsets.UTF_8))) {
        Object v = dev.plumb.render.yaml.YValues.toJava(n);
        if (v instanceof Map<?, ?> m) {
          docs.add((Map<String, Object>) m);
        }
      }
      return sha256(encode(docs));
    } catch (RenderException e) {
      return sha256(bytes);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
