package dev.plumb.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What was in flight when plumb last stopped, read from the journal at startup: every action whose
 * intent was written ({@code ActionIntent}, before the call went out) and that no later event of
 * its node or cluster settled (a passed or failed gate, an observation of the desired config, the
 * cluster converging). The rollout goes on from live state: the
 * planner decides again from a fresh observation, so nothing is re-sent because the journal says
 * so.
 */
public final class InFlight {
  /** One unsettled action. */
  public record Entry(String cluster, String node, String revision, String action, boolean sent) {
    @Override
    public String toString() {
      return cluster + "/" + action + " at " + revision.substring(0, Math.min(12, revision.length()))
          + (sent ? " (sent, its gates not passed)" : " (intended; whether it was sent is not recorded)");
    }
  }

  static final String INTENT = "ActionIntent";
  static final Set<String> TYPES = Set.of(INTENT, "ActionApplied", "GatePassed", "GateFailed", "NodeObserved",
      "Converged");

  private InFlight() {}

  /**
   * Says at startup what was in flight when plumb last stopped, on {@code out} and in the journal;
   * the rollout then goes on from a fresh observation. A cluster whose lock another plumb holds is
   * not stopped: its actions are that process's, in flight now.
   */
  public static void announce(StatusRecorder status, java.nio.file.Path stateDir, java.io.PrintStream out) {
    for (Entry e : read(status.journal())) {
      if (ClusterLock.holder(stateDir, e.cluster()).isPresent()) {
        continue;
      }
      out.println("in flight when plumb stopped: " + e + "; continuing from live state");
      status.event("ResumedInFlight", e + "; the next observation decides, nothing is re-sent blindly");
    }
  }

  /** The unsettled actions, oldest first. */
  public static List<Entry> read(Journal journal) {
    Map<String, Entry> open = new LinkedHashMap<>();
    for (Journal.Event e : journal.tail(TYPES, 10_000)) {
      String key = e.cluster() + "/" + e.node();
      switch (e.type()) {
        case INTENT -> open.put(key, new Entry(e.cluster(), e.node(), e.revision(), e.message(), false));
        case "ActionApplied" -> open.computeIfPresent(key, (k, v) -> new Entry(v.cluster(), v.node(), v.revision(),
            v.action(), true));
        case "Converged" -> open.values().removeIf(v -> v.cluster().equals(e.cluster()));
        default -> open.remove(key);
      }
    }
    return new ArrayList<>(open.values());
  }
}
