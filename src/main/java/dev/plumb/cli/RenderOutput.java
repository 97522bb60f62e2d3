package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of {@code plumb render --out DIR}, gathered in memory and written all or none: into a
 * temporary directory beside DIR first, then moved into place, so that a problem found late (a
 * broken secret on the fifth node) leaves no half-written output. A name that would land outside
 * DIR (a {@code filenameTmpl} with {@code ..} or an absolute path) is refused before anything is
 * written.
 */
final class RenderOutput {
  private final Path out;
  private final Map<String, byte[]> files = new LinkedHashMap<>();

  RenderOutput(Path out) {
    this.out = out;
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new PlumbException("--out " + out + " is an existing file, not a directory");
    }
  }

  /** Why {@code name} cannot be written under the output directory, if it cannot. */
  static Optional<String> refuse(String name) {
    Path rel;
    try {
      rel = Path.of(name);
    } catch (InvalidPathException e) {
      return Optional.of("'" + name + "' is not a file name this system can write");
    }
    if (name.isBlank() || rel.isAbsolute() || rel.normalize().startsWith("..") || rel.normalize().toString().isEmpty()
        || name.contains("\\")) {
      return Optional.of("'" + name + "' would be written outside --out");
    }
    return Optional.empty();
  }

  /** Adds a file; false when another file already has that name. */
  boolean add(String name, byte[] content) {
    return files.putIfAbsent(Path.of(name).normalize().toString(), content) == null;
  }

  /** Replaces or adds a file (the talosconfig: one per run, the last cluster's). */
  void put(String name, byte[] content) {
    files.put(name, content);
  }

  /** Writes every file, or none; returns the paths written. */
  List<Path> write() {
    Path target = out.toAbsolutePath().normalize();
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".plumb-");
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path p = tmp.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
        setMode(p, "rw-------");
      }
      if (!Files.exists(target)) {
        setMode(tmp, "rwx------");
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
      } else {
        moveInto(tmp, target);
      }
      return files.keySet().stream().map(out::resolve).toList();
    } catch (FileAlreadyExistsException e) {
      throw new PlumbException("cannot write under --out " + out + ": " + e.getFile() + " is in the way");
    } catch (IOException e) {
      throw new PlumbException("cannot write under --out " + out + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private void moveInto(Path tmp, Path target) throws IOException {
    Path real = target.toRealPath();
    for (String name : files.keySet()) {
      Path dir = target.resolve(name).getParent();
      Files.createDirectories(dir);
      if (!dir.toRealPath().startsWith(real)) {
        throw new PlumbException("'" + name + "' would be written outside --out " + out + " (through a link)");
      }
    }
    for (String name : files.keySet()) {
      Files.move(tmp.resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary directory is harmless and named as ours
    }
  }

  private static void setMode(Path p, String mode) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: keep the default
    }
  }
}
