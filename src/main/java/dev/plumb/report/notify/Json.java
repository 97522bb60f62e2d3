package dev.plumb.report.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** The JSON bodies of the targets, and the POST that carries one. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a notification", e);
    }
  }

  static HttpRequest.Builder post(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
        .header("User-Agent", "plumb").POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }
}
