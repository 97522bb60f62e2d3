package dev.plumb.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowsFileTest {
  static final String FILE = "clusters/home/plumb.yaml";

  static Policy load(String yaml) {
    return PolicyFile.load(new MemoryTree().put(FILE, yaml), "clusters/home");
  }

  static List<String> problems(String yaml) {
    RenderException e = catchThrowableOfType(RenderException.class, () -> load(yaml));
    assertThat(e).as("expected %s to be refused", yaml).isNotNull();
    return e.problems().stream().map(RenderProblem::toString).toList();
  }

  @Test
  void readsTheDocumentedExample() {
    Policy p = load("""
        apps: []
        windows:
          timezone: Europe/Berlin
          allow:
            - cron: "0 22 * * 1-5"
              duration: 6h
          deny:
            - name: christmas
              cron: "0 0 24 12 *"
              duration: 72h
            - cron: "30 1 * * SUN"
              duration: 1h30m
          freeze: "release freeze until 2027-01-07"
        """);
    WindowsPolicy w = p.windows();
    assertThat(w.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(w.allow()).containsExactly(new WindowsPolicy.Window("", "0 22 * * 1-5", Duration.ofHours(6)));
    assertThat(w.deny()).containsExactly(new WindowsPolicy.Window("christmas", "0 0 24 12 *", Duration.ofHours(72)),
        new WindowsPolicy.Window("", "30 1 * * SUN", Duration.ofMinutes(90)));
    assertThat(w.freeze()).contains("release freeze until 2027-01-07");
    assertThat(w.deny().get(1).label()).isEqualTo("\"30 1 * * SUN\" for 1h30m");
  }

  @Test
  void absentSectionAndFreezeFalseRestrictNothing() {
    assertThat(load("apps: []\n").windows()).isEqualTo(WindowsPolicy.none());
    assertThat(Policy.defaults().windows().unrestricted()).isTrue();
    WindowsPolicy w = load("windows:\n  freeze: false\n").windows();
    assertThat(w.freeze()).isEmpty();
    assertThat(w.zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(load("windows:\n  freeze: true\n").windows().freeze()).isPresent();
  }

  @Test
  void invalidCronNamesFileLineFieldAndTheLibrarysMessage() {
    assertThat(problems("""
        windows:
          allow:
            - cron: "0 25 * * *"
              duration: 6h
        """)).containsExactly("clusters/home/plumb.yaml:3:13: windows.allow[0].cron: invalid cron expression"
        + " '0 25 * * *' (five fields: minute hour day-of-month month day-of-week): Failed to parse cron expression."
        + " Value 25 not in range [0, 23]");
    assertThat(problems("windows:\n  deny:\n    - cron: \"0 0 * *\"\n      duration: 1h\n"))
        .singleElement().asString().contains("windows.deny[0].cron", "contains 4 parts but we expect one of [5]");
    assertThat(problems("windows:\n  deny:\n    - cron: \"0 0 31 2 *\"\n      duration: 1h\n"))
        .containsExactly("clusters/home/plumb.yaml:3:13: windows.deny[0].cron: cron expression '0 0 31 2 *' never"
            + " matches a date");
  }

  @Test
  void badZoneDurationFreezeAndFieldsAreEachReported() {
    List<String> p = problems("""
        windows:
          timezone: Mars/Olympus
          allow:
            - cron: "0 22 * * *"
              duration: 6 hours
            - cron: "0 1 * * *"
            - cron: "0 2 * * *"
              duration: 0s
              start: now
          freeze: ""
          calendar: x
        """);
    assertThat(p).containsExactly(
        "clusters/home/plumb.yaml:2:13: windows.timezone: expected an IANA time zone such as Europe/Berlin or UTC,"
            + " found 'Mars/Olympus'",
        "clusters/home/plumb.yaml:5:17: windows.allow[0].duration: expected a positive duration such as 6h, 1h30m"
            + " or 90m, found '6 hours'",
        "clusters/home/plumb.yaml:6:7: windows.allow[1]: missing duration: how long the window stays open, e.g. 6h",
        "clusters/home/plumb.yaml:8:17: windows.allow[2].duration: expected a positive duration such as 6h, 1h30m"
            + " or 90m, found '0s'",
        "clusters/home/plumb.yaml:9:7: windows.allow[2].start: unknown field (known: cron, duration, name)",
        "clusters/home/plumb.yaml:10:11: windows.freeze: expected true, false or a reason such as \"release freeze"
            + " until 2027-01-07\"",
        "clusters/home/plumb.yaml:11:3: windows.calendar: unknown field (known: timezone, allow, deny, freeze)");
  }

  @Test
  void windowNamesAreUniqueAndSectionsHaveTheirShape() {
    assertThat(problems("""
        windows:
          allow:
            - {name: nights, cron: "0 22 * * *", duration: 6h}
          deny:
            - {name: nights, cron: "0 0 24 12 *", duration: 72h}
        """)).singleElement().asString().contains("windows.deny[0].name: another window is already named 'nights'");
    assertThat(problems("windows:\n  allow: \"0 22 * * *\"\n")).singleElement().asString()
        .contains("windows.allow: expected a list of windows, each with cron and duration");
    assertThat(problems("windows: weekends\n")).singleElement().asString()
        .contains("windows: expected a mapping with timezone, allow, deny and/or freeze");
  }

  @Test
  void demoPolicyStillParses() throws Exception {
    String demo = java.nio.file.Files.readString(java.nio.file.Path.of("clusters/demo/plumb.yaml"));
    assertThat(PolicyFile.load(new MemoryTree().put("clusters/demo/plumb.yaml", demo), "clusters/demo").windows())
        .isEqualTo(new WindowsPolicy(ZoneOffset.UTC, List.of(), List.of(), Optional.empty()));
  }
}
