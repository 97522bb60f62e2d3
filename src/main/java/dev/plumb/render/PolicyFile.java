package dev.plumb.render;

import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code clusters/<name>/plumb.yaml} into a {@link Policy}; unknown fields are errors. */
public final class PolicyFile {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private PolicyFile() {}

  public static Policy load(FileTree tree, String clusterDir) {
    String file = clusterDir.isEmpty() ? "plumb.yaml" : clusterDir + "/plumb.yaml";
    Optional<byte[]> bytes = tree.read(file);
    if (bytes.isEmpty()) {
      return Policy.defaults();
    }
    Optional<YNode> root = YamlReader.read(file, new String(bytes.get(), StandardCharsets.UTF_8));
    if (root.isEmpty()) {
      return Policy.defaults();
    }
    List<RenderProblem> problems = new ArrayList<>();
    if (!(root.get() instanceof YMap m)) {
      throw new RenderException(new RenderProblem(file, 1, 1, "", "expected a mapping"));
    }
    Policy d = Policy.defaults();
    List<String> apps = new ArrayList<>();
    int batch = d.workerBatchSize();
    Duration timeout = d.gateTimeout();
    boolean reprovision = d.reprovision();
    List<List<String>> waves = new ArrayList<>();
    boolean rollback = false;
    java.util.Map<String, String> identities = new java.util.LinkedHashMap<>();
    for (var e : m.entries().entrySet()) {
      YNode v = e.getValue();
      switch (e.getKey()) {
        case "apps" -> {
          if (v instanceof YList l) {
            for (YNode n : l.items()) {
              if (n instanceof YScalar s && s.text().matches("[a-zA-Z0-9][a-zA-Z0-9._-]*")) {
                apps.add(s.text());
              } else {
                problems.add(problem(n, "apps", "expected an app name (a folder under apps/)"));
              }
            }
          } else {
            problems.add(problem(v, "apps", "expected a list of app names"));
          }
        }
        case "rollout" -> {
          if (!(v instanceof YMap r)) {
            problems.add(problem(v, "rollout", "expected a mapping"));
            continue;
          }
          for (var re : r.entries().entrySet()) {
            String text = re.getValue() instanceof YScalar s ? s.text() : "";
            switch (re.getKey()) {
              case "workerBatchSize" -> {
                if (text.matches("[1-9][0-9]*")) {
                  batch = Integer.parseInt(text);
                } else {
                  problems.add(problem(re.getValue(), "rollout.workerBatchSize", "expected a positive integer"));
                }
              }
              case "gateTimeout" -> {
                Matcher dm = DURATION.matcher(text);
                if (dm.matches()) {
                  long n = Long.parseLong(dm.group(1));
                  timeout = switch (dm.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                  };
                } else {
                  problems.add(problem(re.getValue(), "rollout.gateTimeout", "expected a duration such as 90s or 10m"));
                }
              }
              case "onFailure" -> {
                if (text.equals("halt") || text.equals("rollback")) {
                  rollback = text.equals("rollback");
                } else {
                  problems.add(problem(re.getValue(), "rollout.onFailure", "expected halt or rollback"));
                }
              }
              case "waves" -> waves(re.getValue(), waves, problems);
              default -> problems.add(keyProblem(r, re.getKey(), "rollout." + re.getKey(),
                  "unknown field (known: workerBatchSize, gateTimeout, waves, onFailure)"));
            }
          }
        }
        case "reprovision" -> {
          Boolean b = v instanceof YScalar s ? s.bool() : null;
          if (b == null) {
            problems.add(problem(v, "reprovision", "expected true or false"));
          } else {
            reprovision = b;
          }
        }
        case "identities" -> {
          if (!(v instanceof YMap im)) {
            problems.add(problem(v, "identities", "expected a mapping of hostname: {uuid: ...}"));
            continue;
          }
          for (var ie : im.entries().entrySet()) {
            String uuid = ie.getValue() instanceof YMap idm ? idm.get("uuid").filter(x -> x instanceof YScalar)
                .map(x -> ((YScalar) x).text()).orElse("") : "";
            if (!uuid.matches("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")) {
              problems.add(problem(ie.getValue(), "identities." + ie.getKey() + ".uuid", "expected the node's SMBIOS UUID"));
            } else {
              identities.put(ie.getKey(), uuid.toLowerCase(java.util.Locale.ROOT));
            }
          }
        }
        default -> problems.add(keyProblem(m, e.getKey(), e.getKey(),
            "unknown field (known: apps, rollout, reprovision, identities)"));
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    return new Policy(apps, batch, timeout, reprovision, waves, rollback, identities);
  }

  private static void waves(YNode v, List<List<String>> waves, List<RenderProblem> problems) {
    if (!(v instanceof YList l)) {
      problems.add(problem(v, "rollout.waves", "expected a list of waves, each a list of hostnames"));
      return;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (YNode w : l.items()) {
      List<String> wave = new ArrayList<>();
      List<YNode> items = w instanceof YList wl ? wl.items() : List.of(w);
      for (YNode n : items) {
        if (!(n instanceof YScalar s) || s.text().isBlank()) {
          problems.add(problem(n, "rollout.waves", "expected a hostname"));
        } else if (!seen.add(s.text())) {
          problems.add(problem(n, "rollout.waves", "node '" + s.text() + "' is in more than one wave"));
        } else {
          wave.add(s.text());
        }
      }
      waves.add(wave);
    }
  }

  private static RenderProblem problem(YNode at, String field, String msg) {
    return new RenderProblem(at.mark().file(), at.mark().line(), at.mark().column(), field, msg);
  }

  private static RenderProblem keyProblem(YMap m, String key, String field, String msg) {
    var mk = m.keyMark(key);
    return new RenderProblem(mk.file(), mk.line(), mk.column(), field, msg);
  }
}
