package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A bare "origin" repository and a work clone driven with the git CLI, with no global or system
 * Git configuration, as source-controller's tests do.
 */
final class TestFleetRepo {
  final Path origin;
  final Path work;
  private final Path home;

  TestFleetRepo(Path dir) throws Exception {
    origin = dir.resolve("origin.git");
    work = dir.resolve("work");
    home = Files.createDirectories(dir.resolve("home"));
    git(dir, "init", "--bare", "--initial-branch=main", origin.toString());
    git(dir, "clone", "-q", origin.toString(), work.toString());
  }

  /** Copies this project's example clusters/ and apps/ into the work tree. */
  TestFleetRepo seedExample() throws IOException {
    for (String top : new String[] {"clusters", "apps"}) {
      try (Stream<Path> s = Files.walk(Path.of(top))) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          Path to = work.resolve(p.toString());
          Files.createDirectories(to.getParent());
          Files.copy(p, to);
        }
      }
    }
    return this;
  }

  void write(String path, String content) throws IOException {
    Files.writeString(work.resolve(path), content, StandardCharsets.UTF_8);
  }

  String read(String path) throws IOException {
    return Files.readString(work.resolve(path), StandardCharsets.UTF_8);
  }

  void commitAndPush(String message) throws Exception {
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", message);
    git(work, "push", "-q", "origin", "HEAD:main");
  }

  void amendAndForcePush(String message) throws Exception {
    git(work, "add", "-A");
    git(work, "commit", "-q", "--amend", "-m", message);
    git(work, "push", "-q", "--force", "origin", "HEAD:main");
  }

  /** Commits what changed, without pushing. */
  void commit(String message) throws Exception {
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", message);
  }

  /** Takes back the last commit, keeping its changes in the work tree. */
  void undoCommit() throws Exception {
    git(work, "reset", "-q", "--soft", "HEAD~1");
  }

  /** Pushes HEAD to {@code url} as {@code main}; returns the exit code and what git printed (remote: lines too). */
  Map.Entry<Integer, String> pushTo(String url) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("git", "push", url, "HEAD:main").directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return Map.entry(p.exitValue(), out);
  }

  /** The commit id of the work tree's HEAD. */
  String head() throws Exception {
    return git(work, "rev-parse", "HEAD").strip();
  }

  String url() {
    return origin.toUri().toString();
  }

  private String git(Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", home.toString());
    env.put("GIT_AUTHOR_NAME", "test");
    env.put("GIT_AUTHOR_EMAIL", "test@plumb.invalid");
    env.put("GIT_COMMITTER_NAME", "test");
    env.put("GIT_COMMITTER_EMAIL", "test@plumb.invalid");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
    return out;
  }
}
