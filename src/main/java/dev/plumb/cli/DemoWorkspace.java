package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** The demo's local fleet repository, seeded from the example clusters/ and apps/ packaged with plumb. */
final class DemoWorkspace {
  private static final PersonIdent AUTHOR = new PersonIdent("plumb demo", "demo@plumb.invalid");
  private final Path repo;

  DemoWorkspace(Path repo) {
    this.repo = repo;
  }

  Path repo() {
    return repo;
  }

  void seed() {
    try {
      Files.createDirectories(repo);
      Path location = Path.of(DemoWorkspace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        Path demo = location.resolve("demo");
        try (Stream<Path> s = Files.walk(demo)) {
          for (Path p : s.filter(Files::isRegularFile).toList()) {
            Path to = repo.resolve(demo.relativize(p).toString());
            Files.createDirectories(to.getParent());
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (JarEntry e : jar.stream().filter(e -> e.getName().startsWith("demo/") && !e.isDirectory()).toList()) {
            Path to = repo.resolve(e.getName().substring("demo/".length()));
            Files.createDirectories(to.getParent());
            try (InputStream in = jar.getInputStream(e)) {
              Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
      try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
        git.add().addFilepattern(".").call();
        git.commit().setMessage("demo: the example fleet").setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      }
    } catch (IOException | URISyntaxException | GitAPIException e) {
      throw new PlumbException("cannot create the demo repository in " + repo + ": " + e.getMessage(), e);
    }
  }

  /** Writes a file of the repository and commits it. */
  void commit(String path, String content, String message) {
    try (Git git = Git.open(repo.toFile())) {
      Files.writeString(repo.resolve(path), content);
      git.add().addFilepattern(path).call();
      git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
    } catch (IOException | GitAPIException e) {
      throw new PlumbException("cannot commit to the demo repository: " + e.getMessage(), e);
    }
  }
}
