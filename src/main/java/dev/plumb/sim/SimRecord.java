package dev.plumb.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What happened in a simulated fleet, for tests to assert on: applies with their modes, reboots,
 * upgrades, bootstraps, nodes going down and up, and the most nodes that were down at once.
 */
public final class SimRecord {
  /** One thing that happened. */
  public record Event(Instant at, String node, Type type, String detail) {}

  public enum Type { APPLY, DRY_RUN, REBOOT, DOWN, UP, UPGRADE, BOOTSTRAP, TRY_REVERTED }

  private final List<Event> events = new ArrayList<>();
  private final Set<String> down = new HashSet<>();
  private int maxDown;

  synchronized void add(Instant at, String node, Type type, String detail) {
    events.add(new Event(at, node, type, detail));
    if (type == Type.DOWN) {
      down.add(node);
      maxDown = Math.max(maxDown, down.size());
    } else if (type == Type.UP) {
      down.remove(node);
    }
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The events of one type, in order. */
  public synchronized List<Event> events(Type type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }

  /** The most nodes that were down at the same moment. */
  public synchronized int maxDownAtOnce() {
    return maxDown;
  }

  public synchronized Set<String> downNow() {
    return Set.copyOf(down);
  }
}
