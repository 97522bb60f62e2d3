package dev.plumb.cli;

import dev.plumb.daemon.AppliedRevision;
import dev.plumb.daemon.Journal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb status}: what the daemon last did, from its state directory. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Print the applied revision, and per cluster and node the last journal event, from the state directory.")
public final class StatusCommand implements Callable<Integer> {
  @Option(names = "--state", defaultValue = "/var/lib/plumb", description = "State directory (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(names = "--events", defaultValue = "10", description = "How many recent events to print (default: ${DEFAULT-VALUE}).")
  int events;

  @Override
  public Integer call() {
    System.out.println("applied revision: " + new AppliedRevision(state).read().map(Object::toString).orElse("none yet"));
    try (Journal j = new Journal(state)) {
      Map<String, Journal.Event> lastPerNode = new LinkedHashMap<>();
      Journal.Event desired = null;
      Journal.Event error = null;
      Journal.Event finished = null;
      for (Journal.Event e : j.tail(10_000)) {
        if (!e.cluster().isEmpty() && !e.node().isEmpty()) {
          lastPerNode.put(e.cluster() + "/" + e.node(), e);
        }
        switch (e.type()) {
          case "ReconcileStarted" -> desired = e;
          case "SourceFailed", "RenderFailed", "GateFailed", "HistoryRewritten" -> error = e;
          case "ReconcileFinished" -> finished = e;
          default -> { }
        }
      }
      System.out.println("desired revision: " + (desired == null ? "none yet" : desired.revision()));
      String phase = error != null && (finished == null || error.id() > finished.id()) ? "stalled (" + error.type() + ")"
          : finished != null && desired != null && finished.id() > desired.id() ? "converged" : desired == null ? "idle" : "reconciling";
      System.out.println("phase: " + phase);
      if (error != null) {
        System.out.println("last error: " + error.at() + " " + error.type() + ": " + error.message());
      }
      lastPerNode.forEach((k, e) -> System.out.printf("  %-24s %-14s %s  %s%n", k, e.type(),
          e.revision().isEmpty() ? "" : e.revision().substring(0, 12), e.message()));
      System.out.println("recent events:");
      for (Journal.Event e : j.tail(events)) {
        System.out.printf("  %s %-18s %-8s %s%n", e.at(), e.type(), e.cluster(), e.message());
      }
    }
    return 0;
  }
}
