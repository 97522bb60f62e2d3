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

  /** The report in {@code stateDir}, or empty when no daemon or sync has written one yet. */
  public static Optional<StatusReport> read(Path stateDir) throws IOException {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(stateDir.resolve(NAME)), StatusReport.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
