package dev.plumb.cli;

import dev.plumb.daemon.AppliedRevision;
import dev.plumb.daemon.Journal;
import dev.plumb.daemon.StatusStore;
import dev.plumb.report.StatusFiles;
import dev.plumb.report.StatusReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb status}: what the daemon last did, from its state directory. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Print the phase, the desired and applied revision, each node's revision and how it is known,",
        "and recent journal events, from the state directory (its status.json, kept current by the daemon).",
        "--wait blocks until the fleet reaches a state: exit 0 when reached, 1 when it cannot be (the",
        "rollout halted, or converged when waiting for a halt), 2 on timeout."})
public final class StatusCommand implements Callable<Integer> {
  @Option(names = "--state", defaultValue = "/var/lib/plumb", description = "State directory (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(names = "--server", description = "Read the status from a running daemon's HTTP server (its server.listen"
      + " address, e.g. http://127.0.0.1:9713) instead of the state directory.")
  String server;

  @Option(names = "--events", defaultValue = "10", description = "How many recent events to print (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--wait", description = "converged or halted: wait until the fleet is in that phase.")
  String waitFor;

  @Option(names = "--revision", description = "With --wait: the commit (full or abbreviated id) that must have converged.")
  String revision;

  @Option(names = "--timeout", defaultValue = "30m", description = "With --wait: give up after this long, exit 2 (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws Exception {
    if (!output.equals("text") && !output.equals("json")) {
      System.err.println("--output: expected text or json, got '" + output + "'");
      return 64;
    }
    if (waitFor != null) {
      return StatusWait.parse(waitFor, revision).map(w -> {
        try {
          return waitUntil(w, SimCommand.parseDuration(timeout));
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }).orElseGet(() -> {
        System.err.println("--wait: expected converged or halted, got '" + waitFor + "'");
        return 64;
      });
    }
    print(load());
    return 0;
  }

  private int waitUntil(StatusWait w, Duration max) throws IOException, InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (true) {
      StatusReport r = load();
      StatusWait.Verdict v = w.judge(r);
      if (v != StatusWait.Verdict.PENDING || System.nanoTime() > end) {
        print(r);
        if (v == StatusWait.Verdict.PENDING) {
          System.err.println("timed out after " + max.toSeconds() + "s waiting for " + w);
          return 2;
        }
        return v == StatusWait.Verdict.REACHED ? 0 : 1;
      }
      Thread.sleep(500);
    }
  }

  private StatusReport load() throws IOException {
    if (server != null) {
      try {
        return StatusFiles.fetch(server);
      } catch (IOException e) {
        throw new dev.plumb.fleet.PlumbException("cannot read the status from " + server + ": " + e.getMessage(), e);
      }
    }
    Optional<StatusReport> file;
    try {
      file = Files.isDirectory(state) ? StatusFiles.read(state) : Optional.empty();
    } catch (IOException e) {
      throw new dev.plumb.fleet.PlumbException("cannot read " + state.resolve(StatusFiles.NAME) + ": " + e.getMessage(), e);
    }
    if (file.isPresent()) {
      return file.get();
    }
    if (!Files.isRegularFile(state.resolve("journal.db"))) {
      return new StatusReport(StatusReport.SCHEMA, "idle", "", "", "", null, java.util.List.of(), java.util.List.of());
    }
    try (Journal j = new Journal(state)) {
      return new StatusStore(j).report(new AppliedRevision(state).read().map(Object::toString).orElse(""), 20);
    }
  }

  private void print(StatusReport r) {
    if (output.equals("json")) {
      System.out.println(new String(StatusFiles.toJson(r), StandardCharsets.UTF_8));
      return;
    }
    System.out.println("phase: " + r.phase());
    System.out.println("desired revision: " + orNone(r.desiredRevision()));
    System.out.println("applied revision: " + orNone(r.appliedRevision()));
    if (r.lastError() != null) {
      System.out.println("last error: " + r.lastError().at() + " " + r.lastError().reason() + ": " + r.lastError().message());
    }
    for (StatusReport.Cluster c : r.clusters()) {
      System.out.println("cluster " + c.name() + ": " + c.phase() + (c.waitingFor().isEmpty() ? "" : ", waiting for: "
          + c.waitingFor()) + (c.message().isEmpty() ? "" : " (" + c.message() + ")"));
      for (StatusReport.Node n : c.nodes()) {
        System.out.printf("  %-20s %-12s %-12s %s%n", n.name(), n.revision().substring(0, Math.min(12, n.revision().length())),
            n.state(), n.detail());
      }
    }
    System.out.println("recent events:");
    int from = Math.max(0, r.recentEvents().size() - events);
    for (StatusReport.Event e : r.recentEvents().subList(from, r.recentEvents().size())) {
      System.out.printf("  %s %-18s %-8s %s%s%n", e.at(), e.type(), e.cluster(), e.node().isEmpty() ? "" : e.node() + ": ",
          e.message());
    }
  }

  private static String orNone(String rev) {
    return rev.isEmpty() ? "none yet" : rev;
  }
}
