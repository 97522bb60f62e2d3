package dev.plumb.daemon;

import dev.plumb.fleet.PlumbException;
import dev.plumb.source.Revision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last revision that converged, kept in the state directory. Written to a temporary file,
 * forced to disk, then renamed, so a crash leaves either the old or the new revision, never half.
 */
public final class AppliedRevision {
  private final Path file;

  public AppliedRevision(Path stateDir) {
    this.file = stateDir.resolve("last-applied-revision");
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
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap((r.id() + "\n").getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new PlumbException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
