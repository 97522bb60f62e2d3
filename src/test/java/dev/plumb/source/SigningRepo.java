package dev.plumb.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A bare origin and a work clone driven with the git CLI, with SSH keys made by ssh-keygen and
 * OpenPGP keys made by gpg in a private GnuPG home: commits are signed as users sign them.
 */
final class SigningRepo implements AutoCloseable {
  final Path dir;
  final Path origin;
  final Path work;
  final Path gnupg;
  private final Path home;

  SigningRepo(Path dir) throws Exception {
    this.dir = dir;
    origin = dir.resolve("origin.git");
    work = dir.resolve("work");
    home = Files.createDirectories(dir.resolve("home"));
    gnupg = Files.createDirectories(dir.resolve("g"));
    Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    run(dir, "git", "init", "-q", "--bare", "--initial-branch=main", origin.toString());
    run(dir, "git", "clone", "-q", origin.toString(), work.toString());
  }

  /** An ed25519 key pair made by ssh-keygen; returns the private key file (the public one is beside it). */
  Path sshKey(String name) throws Exception {
    Path key = dir.resolve(name);
    run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString());
    return key;
  }

  /** An allowed-signers line for the public half of {@code key}, as git's docs write them. */
  String allowedSigner(String principal, Path key) throws Exception {
    return principal + " namespaces=\"git\" " + Files.readString(Path.of(key + ".pub")).strip() + "\n";
  }

  /** An ed25519 OpenPGP signing key made by gpg; returns its armored public key file. */
  Path gpgKey(String email) throws Exception {
    run(dir, "gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key",
        "Test <" + email + ">", "ed25519", "sign", "never");
    Path out = dir.resolve(email + ".asc");
    Files.writeString(out, run(dir, "gpg", "--batch", "--armor", "--export", email));
    return out;
  }

  /** Writes a file, commits it and pushes to origin; {@code sign} is extra git options (-c ... and -S), or none. */
  String commit(String file, String content, String... sign) throws Exception {
    commitLocal(file, content, sign);
    run(work, "git", "push", "-q", "origin", "HEAD:main");
    return run(work, "git", "rev-parse", "HEAD").strip();
  }

  /** Writes a file and commits it without pushing; returns the commit id. */
  String commitLocal(String file, String content, String... sign) throws Exception {
    Files.writeString(work.resolve(file), content, StandardCharsets.UTF_8);
    run(work, "git", "add", "-A");
    List<String> cmd = new ArrayList<>(List.of("git"));
    List<String> opts = new ArrayList<>(List.of(sign));
    List<String> flags = new ArrayList<>();
    if (opts.remove("-S")) {
      flags.add("-S");
    }
    cmd.addAll(opts);
    cmd.addAll(List.of("commit", "-q", "-m", "change " + file));
    cmd.addAll(flags);
    run(work, cmd.toArray(String[]::new));
    return run(work, "git", "rev-parse", "HEAD").strip();
  }

  /** Pushes HEAD to {@code url} as main; returns git's exit code and everything it printed. */
  Map.Entry<Integer, String> pushTo(String url) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("git", "push", url, "HEAD:main").directory(work.toFile())
        .redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return Map.entry(p.exitValue(), out);
  }

  static String[] sshSigned(Path key) {
    return new String[] {"-c", "gpg.format=ssh", "-c", "user.signingkey=" + key + ".pub", "-S"};
  }

  static String[] gpgSigned(String email) {
    return new String[] {"-c", "gpg.format=openpgp", "-c", "user.signingkey=" + email, "-S"};
  }

  String run(Path cwd, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(args).directory(cwd.toFile()).redirectErrorStream(false);
    Map<String, String> env = pb.environment();
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", home.toString());
    env.put("GNUPGHOME", gnupg.toString());
    env.put("GIT_AUTHOR_NAME", "test");
    env.put("GIT_AUTHOR_EMAIL", "test@plumb.invalid");
    env.put("GIT_COMMITTER_NAME", "test");
    env.put("GIT_COMMITTER_EMAIL", "test@plumb.invalid");
    pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile()));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", args), Files.readString(dir.resolve("stderr.log"))).isZero();
    return out;
  }

  String url() {
    return origin.toUri().toString();
  }

  /** Stops the gpg-agent that signing started in the private GnuPG home. */
  @Override
  public void close() throws Exception {
    try {
      run(dir, "gpgconf", "--kill", "gpg-agent");
    } catch (Exception | AssertionError e) {
      // no agent ran (no OpenPGP key was made)
    }
  }
}
