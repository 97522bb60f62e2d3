package dev.plumb.render.sops;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs key commands as child processes, as sops does with {@code exec.Command}: no shell, the
 * program found on plumb's PATH, stdin from /dev/null (a prompt fails at once instead of
 * hanging), stdout read as keys. Unlike sops it stops a command after a timeout, and it never
 * passes stderr on whole: one shortened line, with key-looking words removed, goes into the
 * error.
 */
public final class ProcessKeyCommand implements KeyCommand {
  private static final int MAX_STDOUT = 1 << 20;

  @Override
  public Result run(List<String> argv, Map<String, String> env, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(-1, false, Sensitive.of(new byte[0]), "cannot start " + argv.get(0) + ": "
          + e.getMessage().replaceFirst("^Cannot run program \"[^\"]*\"[^:]*: ", ""));
    }
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream(), MAX_STDOUT));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream(), 64 * 1024));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new Result(-1, true, Sensitive.of(new byte[0]), "");
      }
      return new Result(p.exitValue(), false, Sensitive.of(out.join()), excerpt(err.join()));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SopsException("interrupted while running a key command");
    }
  }

  private static byte[] drain(InputStream in, int max) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try (in) {
      for (int n; (n = in.read(chunk)) > 0; ) {
        if (buf.size() < max) {
          buf.write(chunk, 0, Math.min(n, max - buf.size()));
        }
      }
    } catch (IOException e) {
      // the process went away; what was read is what it said
    }
    return buf.toByteArray();
  }

  /** The first non-empty stderr line, at most 120 characters, with key-like words redacted. */
  static String excerpt(byte[] stderr) {
    String first = new String(stderr, StandardCharsets.UTF_8).lines().map(String::strip)
        .filter(l -> !l.isEmpty()).findFirst().orElse("");
    String safe = first.replaceAll("AGE-[A-Z0-9-]*1[0-9A-Za-z]+", "<redacted>")
        .replaceAll("[A-Za-z0-9+/=_-]{32,}", "<redacted>");
    return safe.length() > 120 ? safe.substring(0, 120) + "..." : safe;
  }
}
