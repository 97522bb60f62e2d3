package dev.plumb.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The one way plumb writes a machine config: documents in order, block style, two-space indent,
 * keys in the order they were built, separated by {@code ---}. Same input, same bytes.
 */
public final class CanonicalYaml {
  private CanonicalYaml() {}

  public static byte[] encode(List<Map<String, Object>> docs) {
    Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
        .setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(Integer.MAX_VALUE).setSplitLines(false).build());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < docs.size(); i++) {
      if (i > 0) {
        sb.append("---\n");
      }
      sb.append(dump.dumpToString(docs.get(i)));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The digest of a config's content, whoever wrote the bytes: parsed, re-encoded canonically, then
   * hashed. Two configs with the same documents and values have the same digest. Bytes that do not
   * parse hash as they are.
   */
  @SuppressWarnings("unchecked")
  public static String canonicalSha(byte[] bytes) {
    try {
      List<Map<String, Object>> docs = new java.util.ArrayList<>();
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
