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
    int maxUnavailable = d.maxUnavailable();
    Duration timeout = d.gateTimeout();
    Duration upgradeTimeout = d.upgradeTimeout();
    Duration settle = d.settle();
    Duration tryTimeout = d.tryTimeout();
    boolean reprovision = d.reprovision();
    boolean provision = d.provision();
    boolean acceptOutage = d.acceptEtcdOutage();
    List<List<String>> waves = new ArrayList<>();
    List<String> hold = new ArrayList<>();
    boolean rollback = false;
    WindowsPolicy windows = d.windows(); // windows: maintenance windows (WindowsFile)
    KubePolicy kubernetes = d.kubernetes();
    java.util.Map<String, Policy.NodeIdentity> identities = new java.util.LinkedHashMap<>();
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
              case "maxUnavailable" -> {
                if (text.matches("[1-9][0-9]*")) {
                  maxUnavailable = Integer.parseInt(text);
                } else {
                  problems.add(problem(re.getValue(), "rollout.maxUnavailable", "expected a positive integer"));
                }
              }
              case "gateTimeout" -> timeout = duration(re.getValue(), "rollout.gateTimeout", timeout, false, problems);
              case "upgradeTimeout" ->
                  upgradeTimeout = duration(re.getValue(), "rollout.upgradeTimeout", upgradeTimeout, false, problems);
              case "settle" -> settle = duration(re.getValue(), "rollout.settle", settle, true, problems);
              case "tryTimeout" -> tryTimeout = duration(re.getValue(), "rollout.tryTimeout", tryTimeout, true, problems);
              case "hold" -> {
                if (re.getValue() instanceof YList hl) {
                  for (YNode h : hl.items()) {
                    if (h instanceof YScalar hs && !hs.text().isBlank()) {
                      hold.add(hs.text());
                    } else {
                      problems.add(problem(h, "rollout.hold", "expected a hostname"));
                    }
                  }
                } else {
                  problems.add(problem(re.getValue(), "rollout.hold", "expected a list of hostnames"));
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
                  "unknown field (known: workerBatchSize, maxUnavailable, gateTimeout, upgradeTimeout, settle, tryTimeout,"
                      + " waves, onFailure, hold)"));
            }
          }
        }
        case "reprovision" -> reprovision = bool(v, "reprovision", reprovision, problems);
        case "provision" -> provision = bool(v, "provision", provision, problems);
        case "etcd" -> {
          if (!(v instanceof YMap em)) {
            problems.add(problem(v, "etcd", "expected a mapping"));
            continue;
          }
          for (var ee : em.entries().entrySet()) {
            if (ee.getKey().equals("acceptOutage")) {
              acceptOutage = bool(ee.getValue(), "etcd.acceptOutage", acceptOutage, problems);
            } else {
              problems.add(keyProblem(em, ee.getKey(), "etcd." + ee.getKey(), "unknown field (known: acceptOutage)"));
            }
          }
        }
        case "identities" -> {
          if (!(v instanceof YMap im)) {
            problems.add(problem(v, "identities", "expected a mapping of hostname: {uuid: ...}"));
            continue;
          }
          for (var ie : im.entries().entrySet()) {
            identity(ie.getKey(), ie.getValue(), problems).ifPresent(id -> identities.put(ie.getKey(), id));
          }
        }
        case "windows" -> windows = WindowsFile.parse(v, problems);
        case "kubernetes" -> kubernetes = KubePolicyFile.parse(v, problems);
        default -> problems.add(keyProblem(m, e.getKey(), e.getKey(),
            "unknown field (known: apps, rollout, etcd, provision, reprovision, identities, windows, kubernetes)"));
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    return new Policy(apps, batch, timeout, reprovision, waves, rollback, identities, maxUnavailable, upgradeTimeout,
        settle, tryTimeout, hold, acceptOutage, provision, windows, kubernetes);
  }

  private static final Pattern UUID = Pattern.compile(
      "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
  private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

  private static Optional<Policy.NodeIdentity> identity(String host, YNode v, List<RenderProblem> problems) {
    String field = "identities." + host;
    if (!(v instanceof YMap idm)) {
      problems.add(problem(v, field, "expected a mapping with uuid and/or macs"));
      return Optional.empty();
    }
    String uuid = "";
    List<String> macs = new ArrayList<>();
    for (var e : idm.entries().entrySet()) {
      switch (e.getKey()) {
        case "uuid" -> {
          String text = e.getValue() instanceof YScalar s ? s.text() : "";
          if (UUID.matcher(text).matches()) {
            uuid = text.toLowerCase(java.util.Locale.ROOT);
          } else {
            problems.add(problem(e.getValue(), field + ".uuid", "expected the node's SMBIOS UUID"));
          }
        }
        case "macs" -> {
          List<YNode> items = e.getValue() instanceof YList l ? l.items() : List.of(e.getValue());
          for (YNode n : items) {
            String text = n instanceof YScalar s ? s.text() : "";
            if (MAC.matcher(text).matches()) {
              macs.add(text.toLowerCase(java.util.Locale.ROOT));
            } else {
              problems.add(problem(n, field + ".macs", "expected a MAC address such as 52:54:00:12:34:56"));
            }
          }
        }
        default -> problems.add(keyProblem(idm, e.getKey(), field + "." + e.getKey(), "unknown field (known: uuid, macs)"));
      }
    }
    if (uuid.isEmpty() && macs.isEmpty()) {
      problems.add(problem(v, field, "expected uuid and/or macs"));
      return Optional.empty();
    }
    return Optional.of(new Policy.NodeIdentity(uuid, macs));
  }

  static boolean bool(YNode v, String field, boolean dflt, List<RenderProblem> problems) {
    Boolean b = v instanceof YScalar s ? s.bool() : null;
    if (b == null) {
      problems.add(problem(v, field, "expected true or false"));
      return dflt;
    }
    return b;
  }

  static Duration duration(YNode v, String field, Duration dflt, boolean zeroOk, List<RenderProblem> problems) {
    String text = v instanceof YScalar s ? s.text() : "";
    Matcher dm = DURATION.matcher(text);
    if (dm.matches() && (zeroOk || Long.parseLong(dm.group(1)) > 0)) {
      long n = Long.parseLong(dm.group(1));
      return switch (dm.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    problems.add(problem(v, field, "expected a duration such as 90s or 10m"));
    return dflt;
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

  static RenderProblem problem(YNode at, String field, String msg) {
    return new RenderProblem(at.mark().file(), at.mark().line(), at.mark().column(), field, msg);
  }

  static RenderProblem keyProblem(YMap m, String key, String field, String msg) {
    var mk = m.keyMark(key);
    return new RenderProblem(mk.file(), mk.line(), mk.column(), field, msg);
  }
}
