package dev.plumb.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and writes {@link StatusReport} as JSON: {@code status.json} in the state directory. */
public final class StatusFiles {
  /** The file the daemon keeps current in its state directory. */
  public static final String NAME = "status.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StatusFiles() {}

  public static byte[] toJson(StatusReport r) {
    try {
      return JSON.writeValueAsBytes(r);
    } catch (IOException e) {
      throw new IllegalStateException("status does not serialize", e);
    }
  }

  /** The report a daemon serves at {@code base}/api/v1/status. */
  public static StatusReport fetch(String base) throws IOException {
    java.net.URI uri = java.net.URI.create(base.replaceAll("/+$", "") + "/api/v1/status");
    try {
      var resp = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build()
          .send(java.net.http.HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(10)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      if (resp.statusCode() != 200) {
        throw new IOException(uri + " answered " + resp.statusCode());
      }
      return JSON.readValue(resp.body(), StatusReport.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + uri, e);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot read status from " + uri + ": " + e.getMessage(), e);
    }
  }

  /** The report in {@code stateDir}, or empty when no daemon or sync has written one yet. */
  public static Optional<StatusReport> read(Path stateDir) throws IOException {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(stateDir.resolve(NAME)), StatusReport.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
