package dev.plumb.render;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code windows} section of plumb.yaml (called by {@link PolicyFile}):
 * <pre>
 * windows:
 *   timezone: Europe/Berlin        # IANA zone the cron expressions are read in; default UTC
 *   allow:                         # changes start only inside one of these (none: any time)
 *     - cron: "0 22 * * 1-5"       # five-field Unix cron: minute hour day-of-month month day-of-week
 *       duration: 6h               # how long the window stays open (Go style: 6h, 1h30m, 90m)
 *       name: weeknights           # optional, shown in plan and status
 *   deny:                          # no change starts inside these; deny wins over allow
 *     - cron: "0 0 24 12 *"
 *       duration: 72h
 *   freeze: false                  # true, or a reason: "release freeze until 2027-01-07"
 * </pre>
 * Cron expressions are parsed by cron-utils with its Unix definition, the same five fields Argo CD's
 * sync windows take (robfig/cron's standard parser).
 */
public final class WindowsFile {
  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Pattern DURATION = Pattern.compile("((\\d{1,6})h)?((\\d{1,6})m)?((\\d{1,6})s)?");

  private WindowsFile() {}

  /** The schedule written in the section {@code v}; every problem found is added to {@code problems}. */
  public static WindowsPolicy parse(YNode v, List<RenderProblem> problems) {
    WindowsPolicy d = WindowsPolicy.none();
    if (!(v instanceof YMap m)) {
      problems.add(problem(v, "windows", "expected a mapping with timezone, allow, deny and/or freeze"));
      return d;
    }
    ZoneId zone = d.zone();
    List<WindowsPolicy.Window> allow = new ArrayList<>();
    List<WindowsPolicy.Window> deny = new ArrayList<>();
    Optional<String> freeze = Optional.empty();
    Set<String> names = new HashSet<>();
    for (var e : m.entries().entrySet()) {
      YNode value = e.getValue();
      switch (e.getKey()) {
        case "timezone" -> zone = zone(value, problems).orElse(zone);
        case "allow" -> windows(value, "windows.allow", allow, names, problems);
        case "deny" -> windows(value, "windows.deny", deny, names, problems);
        case "freeze" -> freeze = freeze(value, problems);
        default -> problems.add(keyProblem(m, e.getKey(), "windows." + e.getKey(),
            "unknown field (known: timezone, allow, deny, freeze)"));
      }
    }
    return new WindowsPolicy(zone, allow, deny, freeze);
  }

  private static Optional<ZoneId> zone(YNode v, List<RenderProblem> problems) {
    String text = v instanceof YScalar s ? s.text() : "";
    try {
      if (!text.isBlank()) {
        return Optional.of(text.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(text));
      }
    } catch (DateTimeException ex) {
      // reported below
    }
    problems.add(problem(v, "windows.timezone", "expected an IANA time zone such as Europe/Berlin or UTC, found '"
        + text + "'"));
    return Optional.empty();
  }

  private static Optional<String> freeze(YNode v, List<RenderProblem> problems) {
    if (v instanceof YScalar s) {
      Boolean b = s.bool();
      if (b != null) {
        return b ? Optional.of("freeze: true") : Optional.empty();
      }
      if (!s.isNull() && !s.text().isBlank()) {
        return Optional.of(s.text().strip());
      }
    }
    problems.add(problem(v, "windows.freeze", "expected true, false or a reason such as \"release freeze until"
        + " 2027-01-07\""));
    return Optional.empty();
  }

  private static void windows(YNode v, String field, List<WindowsPolicy.Window> out, Set<String> names,
      List<RenderProblem> problems) {
    if (!(v instanceof YList l)) {
      problems.add(problem(v, field, "expected a list of windows, each with cron and duration"));
      return;
    }
    for (int i = 0; i < l.items().size(); i++) {
      window(l.items().get(i), field + "[" + i + "]", names, problems).ifPresent(out::add);
    }
  }

  private static Optional<WindowsPolicy.Window> window(YNode v, String field, Set<String> names,
      List<RenderProblem> problems) {
    if (!(v instanceof YMap wm)) {
      problems.add(problem(v, field, "expected a mapping with cron, duration and optionally name"));
      return Optional.empty();
    }
    String name = "";
    String cron = null;
    Duration duration = null;
    int before = problems.size();
    for (var e : wm.entries().entrySet()) {
      YNode value = e.getValue();
      String text = value instanceof YScalar s ? s.text() : "";
      switch (e.getKey()) {
        case "name" -> {
          if (text.isBlank()) {
            problems.add(problem(value, field + ".name", "expected a name"));
          } else if (!names.add(text)) {
            problems.add(problem(value, field + ".name", "another window is already named '" + text + "'"));
          } else {
            name = text;
          }
        }
        case "cron" -> cron = cron(value, text, field + ".cron", problems);
        case "duration" -> duration = duration(value, text, field + ".duration", problems);
        default -> problems.add(keyProblem(wm, e.getKey(), field + "." + e.getKey(),
            "unknown field (known: cron, duration, name)"));
      }
    }
    if (!wm.entries().containsKey("cron")) {
      problems.add(problem(v, field, "missing cron: when the window opens, e.g. \"0 22 * * 1-5\""));
    }
    if (!wm.entries().containsKey("duration")) {
      problems.add(problem(v, field, "missing duration: how long the window stays open, e.g. 6h"));
    }
    if (problems.size() > before || cron == null || duration == null) {
      return Optional.empty();
    }
    return Optional.of(new WindowsPolicy.Window(name, cron, duration));
  }

  private static String cron(YNode at, String text, String field, List<RenderProblem> problems) {
    Cron cron;
    try {
      cron = CRON.parse(text.strip()).validate();
    } catch (IllegalArgumentException ex) {
      problems.add(problem(at, field, "invalid cron expression '" + text + "' (five fields: minute hour"
          + " day-of-month month day-of-week): " + ex.getMessage()));
      return null;
    }
    ZonedDateTime probe = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    if (ExecutionTime.forCron(cron).nextExecution(probe).isEmpty()) {
      problems.add(problem(at, field, "cron expression '" + text + "' never matches a date"));
      return null;
    }
    return text.strip();
  }

  private static Duration duration(YNode at, String text, String field, List<RenderProblem> problems) {
    Matcher dm = DURATION.matcher(text);
    if (!text.isEmpty() && dm.matches()) {
      Duration d = Duration.ofHours(number(dm.group(2))).plusMinutes(number(dm.group(4)))
          .plusSeconds(number(dm.group(6)));
      if (!d.isZero()) {
        return d;
      }
    }
    problems.add(problem(at, field, "expected a positive duration such as 6h, 1h30m or 90m, found '" + text + "'"));
    return null;
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static RenderProblem problem(YNode at, String field, String msg) {
    return new RenderProblem(at.mark().file(), at.mark().line(), at.mark().column(), field, msg);
  }

  private static RenderProblem keyProblem(YMap m, String key, String field, String msg) {
    var mk = m.keyMark(key);
    return new RenderProblem(mk.file(), mk.line(), mk.column(), field, msg);
  }
}
