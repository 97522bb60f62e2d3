package dev.plumb.render;

import dev.plumb.fleet.PlumbException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A {@link FileTree} over a directory on disk; symbolic links must stay inside it. */
public final class DirectoryTree implements FileTree {
  private final Path root;

  public DirectoryTree(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new PlumbException("cannot open directory " + root + ": " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  private Optional<Path> inside(String path) {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root)) {
      return Optional.empty();
    }
    try {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(p);
      }
      Path real = p.toRealPath();
      return real.startsWith(root) ? Optional.of(real) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the path exists but resolves (through a link) outside the tree. */
  public boolean escapes(String path) {
    Path p = root.resolve(path).normalize();
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS) && inside(path).isEmpty();
  }

  @Override
  public Optional<byte[]> read(String path) {
    Optional<Path> p = inside(path);
    if (p.isEmpty() || !Files.isRegularFile(p.get())) {
      return Optional.empty();
    }
    try {
      if (Files.size(p.get()) > MAX_FILE_BYTES) {
        throw new PlumbException(path + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return Optional.of(Files.readAllBytes(p.get()));
    } catch (IOException e) {
      throw new PlumbException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean isFile(String path) {
    return inside(path).map(Files::isRegularFile).orElse(false);
  }

  @Override
  public boolean isDirectory(String path) {
    return inside(path).map(Files::isDirectory).orElse(false);
  }

  @Override
  public List<String> list(String dir) {
    Optional<Path> p = inside(dir);
    if (p.isEmpty() || !Files.isDirectory(p.get())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(p.get())) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new PlumbException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
