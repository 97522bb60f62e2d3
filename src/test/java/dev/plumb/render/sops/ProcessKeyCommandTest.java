package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key commands as sops runs them (getsops/sops age/keysource.go: google/shlex split, then
 * exec.Command, no shell, stdin empty, stdout read as keys), plus a timeout and a stderr that is
 * never passed on whole.
 */
class ProcessKeyCommandTest {
  @TempDir Path dir;
  final ProcessKeyCommand run = new ProcessKeyCommand();
  final Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "GREETING", "from-env");

  Path script(String body) throws Exception {
    Path p = dir.resolve("cmd.sh");
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void splitsLikeShlexWithoutAShell() {
    assertThat(KeyCommand.split("op read 'op://vault/age key' --account=\"my team\" a\\ b # comment"))
        .containsExactly("op", "read", "op://vault/age key", "--account=my team", "a b");
    assertThatThrownBy(() -> KeyCommand.split("op read 'x")).hasMessageContaining("unterminated single quote");
  }

  @Test
  void noShellExpandsVariablesAndStdinIsEmpty() {
    KeyCommand.Result r = run.run(List.of("echo", "$HOME", "*"), env, Duration.ofSeconds(10));
    assertThat(new String(r.stdout().reveal(), StandardCharsets.UTF_8)).isEqualTo("$HOME *\n");
    KeyCommand.Result cat = run.run(List.of("cat"), env, Duration.ofSeconds(10)); // would hang on a terminal
    assertThat(cat.exit()).isZero();
    assertThat(cat.stdout().reveal()).isEmpty();
  }

  @Test
  void theCommandSeesExactlyTheGivenEnvironment() throws Exception {
    Path s = script("echo \"$GREETING:${SOPS_AGE_KEY:-unset}\"");
    KeyCommand.Result r = run.run(List.of(s.toString()), env, Duration.ofSeconds(10));
    assertThat(new String(r.stdout().reveal(), StandardCharsets.UTF_8)).isEqualTo("from-env:unset\n");
  }

  @Test
  void aCommandThatHangsIsStoppedAtTheTimeout() throws Exception {
    long start = System.nanoTime();
    KeyCommand.Result r = run.run(List.of("sleep", "30"), env, Duration.ofMillis(300));
    assertThat(r.timedOut()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void stderrBecomesOneShortLineWithKeysRedacted() throws Exception {
    String key = "AGE-SECRET-KEY-1RH87A5Z54ZGUR9S0AS3R6WHFSEFNPLYMAKF5Z2CEU7R06VRJ0A3Q7242AM";
    Path s = script("echo 'error: bad token " + key + "' >&2\necho second line >&2\nexit 4");
    KeyCommand.Result r = run.run(List.of(s.toString()), env, Duration.ofSeconds(10));
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.stderrExcerpt()).isEqualTo("error: bad token <redacted>").doesNotContain("second line");
  }

  @Test
  void aMissingProgramIsAResultNotAnException() {
    KeyCommand.Result r = run.run(List.of("no-such-program-plumb"), env, Duration.ofSeconds(10));
    assertThat(r.exit()).isEqualTo(-1);
    assertThat(r.stderrExcerpt()).startsWith("cannot start no-such-program-plumb");
  }
}
