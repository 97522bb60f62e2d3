package dev.plumb.daemon;

import dev.plumb.fleet.PlumbException;
import dev.plumb.source.Revision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last revision that converged, kept in the state directory, replaced through
 * {@link AtomicFiles}: a crash leaves either the old or the new revision, never half.
 */
public final class AppliedRevision {
  private final Path file;

  public AppliedRevision(Path stateDir) {
    this.file = stateDir.resolve("last-applied-revision");
  }

  /** The state directory the file is in. */
  Path stateDir() {
    return file.getParent();
  }

  public Optional<Revision> read() {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      return Optional.of(new Revision(Files.readString(file, StandardCharsets.US_ASCII).strip()));
    } catch (IOException | IllegalArgumentException e) {
      throw new PlumbException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Revision r) {
    try {
      AtomicFiles.write(file, (r.id() + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new PlumbException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
