package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A config written again by another encoder, as a node returns it after {@code talosctl edit} or
 * {@code patch} (the client decodes, changes and re-encodes the whole config): the same documents
 * and values, in other bytes. The v1alpha1 document comes first (container.encodeToBuf writes it
 * first), the keys of every mapping are sorted, every string is double-quoted, comments are gone
 * and the indent is four spaces, so that nothing but the content is left as it was.
 */
final class ConfigReencoder {
  private ConfigReencoder() {}

  static byte[] reencode(byte[] config) {
    List<YamlTree.Doc> docs = YamlTree.parse(new String(config, StandardCharsets.UTF_8));
    List<JsonNode> ordered = new ArrayList<>();
    docs.stream().map(YamlTree.Doc::body).filter(b -> b.isObject() && !b.has("kind")).forEach(ordered::add);
    docs.stream().map(YamlTree.Doc::body).filter(b -> b.isObject() && b.has("kind")).forEach(ordered::add);
    return SimYaml.write(ordered, ConfigReencoder::quote).getBytes(StandardCharsets.UTF_8);
  }

  /** A YAML double-quoted scalar; JSON's string escapes are valid YAML escapes. */
  private static String quote(String s) {
    return new TextNode(s).toString();
  }
}
