package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.RenderProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds talconfig files from a command-line path, and the repository they belong to. */
final class TalconfigPaths {
  private TalconfigPaths() {}

  static List<Path> find(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (Files.isRegularFile(path.resolve("talconfig.yaml"))) {
      return List.of(path.resolve("talconfig.yaml"));
    }
    Path clusters = path.resolve("clusters");
    if (Files.isDirectory(clusters)) {
      List<Path> out = new ArrayList<>();
      try (Stream<Path> s = Files.list(clusters)) {
        s.sorted().forEach(d -> {
          if (Files.isRegularFile(d.resolve("talconfig.yaml"))) {
            out.add(d.resolve("talconfig.yaml"));
          }
        });
      } catch (IOException e) {
        throw new PlumbException("cannot list " + clusters + ": " + e.getMessage(), e);
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
    throw new PlumbException(path + ": no talconfig found (expected a talconfig file, a directory holding"
        + " talconfig.yaml, or a repository with clusters/<name>/talconfig.yaml)");
  }

  /** The enclosing Git work tree, else the talconfig's own directory. */
  static Path repositoryRoot(Path cfg) {
    Path dir = cfg.toAbsolutePath().normalize().getParent();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return p;
      }
    }
    return dir;
  }

  static String display(Path root, RenderProblem p) {
    return display(root, p.file()) + p.toString().substring(p.file().length());
  }

  static String display(Path root, String treePath) {
    Path abs = root.resolve(treePath);
    Path cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }
}
