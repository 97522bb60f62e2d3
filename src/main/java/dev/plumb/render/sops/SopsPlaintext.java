package dev.plumb.render.sops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A decrypted sops file: one tree per document (ordered maps, lists, typed scalars), held in
 * {@link Sensitive}. {@link #render()} prints it as {@code sops decrypt} would, in the file's
 * own format.
 */
public record SopsPlaintext(SopsFormat format, Sensitive<List<Object>> documents) {

  /** The first document as a map (YAML, JSON and dotenv files have one). */
  @SuppressWarnings("unchecked")
  public Sensitive<Map<String, Object>> first() {
    return documents.map(d -> (Map<String, Object>) d.get(0));
  }

  /** The plaintext in the file's format; it holds secrets. */
  public Sensitive<byte[]> render() {
    return documents.map(docs -> switch (format) {
      case YAML -> yaml(docs).getBytes(StandardCharsets.UTF_8);
      case JSON -> json(docs.get(0)).getBytes(StandardCharsets.UTF_8);
      case DOTENV -> dotenv(docs.get(0)).getBytes(StandardCharsets.UTF_8);
      case BINARY -> binary(docs.get(0));
    });
  }

  private static String yaml(List<Object> docs) {
    Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(4)
        .setIndicatorIndent(2).setIndentWithIndicator(true).build());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < docs.size(); i++) {
      if (i > 0) {
        sb.append("---\n");
      }
      sb.append(dump.dumpToString(docs.get(i)));
    }
    return sb.toString();
  }

  private static String json(Object doc) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new SopsException("cannot print decrypted JSON: " + e.getOriginalMessage());
    }
  }

  private static String dotenv(Object doc) {
    StringBuilder sb = new StringBuilder();
    ((Map<?, ?>) doc).forEach((k, v) -> sb.append(k).append('=')
        .append(String.valueOf(v).replace("\n", "\\n")).append('\n'));
    return sb.toString();
  }

  private static byte[] binary(Object doc) {
    Object data = ((Map<?, ?>) doc).get("data");
    if (data instanceof byte[] b) {
      return b;
    }
    return String.valueOf(data).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SopsPlaintext[" + format + ", <redacted>]";
  }
}
