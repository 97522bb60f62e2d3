package dev.plumb.plan;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.plumb.render.WindowsPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, purely from a {@link WindowsPolicy} and an instant, whether node-config and manifest
 * changes may start. The rules mirror Argo CD's sync windows (argoproj/argo-cd
 * pkg/apis/application/v1alpha1, SyncWindows.CanSync and active()):
 * <ul>
 *   <li>a window is active from each time its cron matches until {@code duration} of elapsed time
 *       later (start included, end excluded);
 *   <li>no windows: changes may start at any time;
 *   <li>an active deny window forbids a start, even inside an active allow window (deny wins);
 *   <li>when allow windows are declared, a change starts only inside one of them;
 *   <li>a freeze forbids every start until plumb.yaml lifts it.
 * </ul>
 * Windows gate the <em>start</em> of a change only: a rollout already begun is not cut off when its
 * allow window closes or a deny window opens ({@link #mayContinue}), as Argo CD's {@code syncOverrun}
 * lets a running sync finish. A freeze is different: like Flux's {@code suspend}, it stops a rollout
 * in flight at its next step (no node is left mid-change: the wave that acts has already acted).
 *
 * <p>Cron expressions are read on the wall clock of the policy's zone. A start that falls into a
 * daylight-saving gap happens at the moment the clock jumps (as Vixie cron runs such jobs right after
 * the change); a start in a repeated hour happens once, at its first occurrence.
 */
public final class MaintenanceWindows {
  /** How far ahead the next allowed start is searched. */
  public static final Duration HORIZON = Duration.ofDays(400);
  /** Bounds the search when windows alternate often (each step costs a few cron evaluations). */
  private static final int MAX_STEPS = 2_000;
  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final WindowsPolicy policy;
  private final ZoneRules rules;
  private final List<Compiled> allow;
  private final List<Compiled> deny;

  private record Compiled(WindowsPolicy.Window window, ExecutionTime times) {}

  private record Active(WindowsPolicy.Window window, Instant end) {}

  private record Next(Optional<Instant> start, Instant searchedUntil) {}

  public MaintenanceWindows(WindowsPolicy policy) {
    this.policy = policy;
    this.rules = policy.zone().getRules();
    this.allow = compile(policy.allow());
    this.deny = compile(policy.deny());
  }

  private static List<Compiled> compile(List<WindowsPolicy.Window> windows) {
    List<Compiled> out = new ArrayList<>();
    for (WindowsPolicy.Window w : windows) {
      // WindowsFile validated the expression; a failure here is a programming error
      out.add(new Compiled(w, ExecutionTime.forCron(CRON.parse(w.cron()).validate())));
    }
    return out;
  }

  /**
   * The hook for the planner and the manifest applier: the wait reason when a change may not go
   * ahead at {@code now} ("maintenance window: ... next at ..."), or empty. {@code inFlight}: a
   * rollout of this cluster has already begun (its first wave acted) and is being continued.
   */
  public static Optional<String> waitReason(WindowsPolicy policy, Instant now, boolean inFlight) {
    if (policy.unrestricted()) {
      return Optional.empty();
    }
    MaintenanceWindows w = new MaintenanceWindows(policy);
    return (inFlight ? w.mayContinue(now) : w.mayStart(now)).waitReason();
  }

  /** May a change (node config or manifests) start at {@code now}? If not, why, and when next. */
  public WindowVerdict mayStart(Instant now) {
    if (policy.freeze().isPresent()) {
      return new WindowVerdict(WindowVerdict.State.FROZEN, "frozen: " + policy.freeze().get(), Optional.empty(),
          now, policy.zone());
    }
    List<Active> denied = active(deny, now);
    if (!denied.isEmpty()) {
      Instant until = denied.stream().map(Active::end).max(Instant::compareTo).orElseThrow();
      String labels = denied.stream().map(a -> a.window().label()).collect(Collectors.joining(", "));
      Next next = nextAllowed(now);
      return new WindowVerdict(WindowVerdict.State.DENIED, (denied.size() == 1 ? "deny window " : "deny windows ")
          + labels + (denied.size() == 1 ? " is" : " are") + " active until " + print(until), next.start(),
          next.searchedUntil(), policy.zone());
    }
    if (!allow.isEmpty() && active(allow, now).isEmpty()) {
      String labels = allow.stream().map(c -> c.window().label()).collect(Collectors.joining(", "));
      Next next = nextAllowed(now);
      return new WindowVerdict(WindowVerdict.State.OUTSIDE, "outside every allow window (" + labels + ")",
          next.start(), next.searchedUntil(), policy.zone());
    }
    return new WindowVerdict(WindowVerdict.State.OPEN, "", Optional.of(now), now, policy.zone());
  }

  /**
   * May a change begun earlier (a rollout in flight) take its next step at {@code now}? Yes unless
   * plumb.yaml declares a freeze; windows only gate starts.
   */
  public WindowVerdict mayContinue(Instant now) {
    WindowVerdict start = mayStart(now);
    if (start.state() == WindowVerdict.State.DENIED || start.state() == WindowVerdict.State.OUTSIDE) {
      return new WindowVerdict(WindowVerdict.State.IN_FLIGHT, "a change in flight continues (a new one would"
          + " wait: " + start.reason() + ")", start.nextStart(), start.searchedUntil(), policy.zone());
    }
    return start;
  }

  /** The first instant at or after {@code now} at which a change may start, within the horizon. */
  private Next nextAllowed(Instant now) {
    Instant limit = now.plus(HORIZON);
    Instant t = now;
    for (int step = 0; step < MAX_STEPS; step++) {
      if (!t.isBefore(limit)) {
        return new Next(Optional.empty(), limit);
      }
      List<Active> denied = active(deny, t);
      if (!denied.isEmpty()) {
        t = denied.stream().map(Active::end).max(Instant::compareTo).orElseThrow();
        continue;
      }
      if (allow.isEmpty() || !active(allow, t).isEmpty()) {
        return new Next(Optional.of(t), t);
      }
      Optional<Instant> opens = Optional.empty();
      for (Compiled c : allow) {
        Optional<Instant> s = startAfter(c, t);
        if (s.isPresent() && (opens.isEmpty() || s.get().isBefore(opens.get()))) {
          opens = s;
        }
      }
      if (opens.isEmpty()) {
        return new Next(Optional.empty(), limit);
      }
      t = opens.get();
    }
    return new Next(Optional.empty(), t.isBefore(limit) ? t : limit);
  }

  /** The windows of {@code windows} active at {@code t}, each with the end of its latest opening. */
  private List<Active> active(List<Compiled> windows, Instant t) {
    List<Active> out = new ArrayList<>();
    for (Compiled c : windows) {
      latestStartAtOrBefore(c, t).map(s -> s.plus(c.window().duration()))
          .filter(end -> end.isAfter(t))
          .ifPresent(end -> out.add(new Active(c.window(), end)));
    }
    return out;
  }

  /** The first start of {@code c} strictly after {@code t}. */
  private Optional<Instant> startAfter(Compiled c, Instant t) {
    ZonedDateTime cursor = wallClock(t).minus(margin(t));
    for (int i = 0; i < MAX_STEPS; i++) {
      Optional<ZonedDateTime> next = c.times().nextExecution(cursor);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      Instant at = instant(next.get().toLocalDateTime());
      if (at.isAfter(t)) {
        return Optional.of(at);
      }
      cursor = next.get();
    }
    return Optional.empty();
  }

  /** The latest start of {@code c} at or before {@code t}. */
  private Optional<Instant> latestStartAtOrBefore(Compiled c, Instant t) {
    ZonedDateTime cursor = wallClock(t).plus(margin(t)).plusSeconds(1);
    for (int i = 0; i < MAX_STEPS; i++) {
      Optional<ZonedDateTime> last = c.times().lastExecution(cursor);
      if (last.isEmpty()) {
        return Optional.empty();
      }
      Instant at = instant(last.get().toLocalDateTime());
      if (!at.isAfter(t)) {
        return Optional.of(at);
      }
      cursor = last.get();
    }
    return Optional.empty();
  }

  /**
   * The wall-clock time of {@code t} in the policy's zone, as a UTC date-time: cron-utils then
   * walks the calendar without skipping or repeating the local times a transition affects.
   */
  private ZonedDateTime wallClock(Instant t) {
    return LocalDateTime.ofInstant(t, policy.zone()).atZone(ZoneOffset.UTC);
  }

  /** How far wall-clock and elapsed time may disagree near {@code t}: zero away from transitions. */
  private Duration margin(Instant t) {
    ZoneOffsetTransition next = rules.nextTransition(t.minus(Duration.ofDays(1)));
    if (next == null || next.getInstant().isAfter(t.plus(Duration.ofDays(1)))) {
      return Duration.ZERO;
    }
    return Duration.ofSeconds(Math.abs(next.getDuration().getSeconds())).plusHours(1);
  }

  /** The instant a wall-clock start happens: at the jump when in a gap, the first time when repeated. */
  private Instant instant(LocalDateTime local) {
    ZoneOffsetTransition tr = rules.getTransition(local);
    if (tr != null && tr.isGap()) {
      return tr.getInstant();
    }
    return ZonedDateTime.ofLocal(local, policy.zone(), null).toInstant();
  }

  private String print(Instant t) {
    return WindowVerdict.print(t, policy.zone());
  }
}
