package dev.plumb.render;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The {@code windows} section of a cluster's plumb.yaml: when node-config and manifest changes may
 * start. No allow window means "any time"; an active deny window or a freeze forbids a start.
 * {@code plan.MaintenanceWindows} evaluates it.
 *
 * @param zone the time zone the cron expressions are read in (UTC by default)
 * @param allow windows in which changes may start; empty: no restriction
 * @param deny windows in which no change may start; they win over allow windows
 * @param freeze present: no change may start at all, with this reason
 */
public record WindowsPolicy(ZoneId zone, List<Window> allow, List<Window> deny, Optional<String> freeze) {
  /**
   * One window: it opens at each time its five-field Unix cron expression matches (in the policy's
   * zone) and stays open for {@code duration} of elapsed time.
   *
   * @param name the name given in plumb.yaml, or "" when none
   */
  public record Window(String name, String cron, Duration duration) {
    /** How messages name the window: its name, else its schedule. */
    public String label() {
      return name.isEmpty() ? "\"" + cron + "\" for " + durationText(duration) : "\"" + name + "\"";
    }
  }

  public WindowsPolicy {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  public static WindowsPolicy none() {
    return new WindowsPolicy(ZoneOffset.UTC, List.of(), List.of(), Optional.empty());
  }

  /** True when nothing restricts when changes start. */
  public boolean unrestricted() {
    return allow.isEmpty() && deny.isEmpty() && freeze.isEmpty();
  }

  /** A duration as plumb.yaml writes it: 72h, 1h30m, 90s. */
  public static String durationText(Duration d) {
    StringBuilder b = new StringBuilder();
    if (d.toHours() > 0) {
      b.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0 || b.length() == 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    return b.toString();
  }
}
