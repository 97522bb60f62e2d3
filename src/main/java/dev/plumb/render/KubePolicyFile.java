package dev.plumb.render;

import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.time.Duration;
import java.util.List;

/** Reads the {@code kubernetes:} section of plumb.yaml into a {@link KubePolicy}; problems name file, line and field. */
final class KubePolicyFile {
  private KubePolicyFile() {}

  static KubePolicy parse(YNode v, List<RenderProblem> problems) {
    KubePolicy d = KubePolicy.defaults();
    if (!(v instanceof YMap m)) {
      problems.add(problem(v, "kubernetes", "expected a mapping"));
      return d;
    }
    boolean prune = d.prune();
    boolean force = d.forceConflicts();
    boolean correct = d.correctDrift();
    Duration health = d.healthTimeout();
    boolean drain = d.drain();
    Duration drainTimeout = d.drainTimeout();
    boolean proceed = d.proceedOnDrainTimeout();
    for (var e : m.entries().entrySet()) {
      YNode x = e.getValue();
      switch (e.getKey()) {
        case "prune" -> prune = bool(x, "kubernetes.prune", prune, problems);
        case "forceConflicts" -> force = bool(x, "kubernetes.forceConflicts", force, problems);
        case "drift" -> correct = choice(x, "kubernetes.drift", "correct", "report", correct, problems);
        case "healthTimeout" -> health = duration(x, "kubernetes.healthTimeout", health, problems);
        case "drain" -> {
          if (!(x instanceof YMap dm)) {
            problems.add(problem(x, "kubernetes.drain", "expected a mapping (enabled, timeout, onTimeout)"));
            continue;
          }
          for (var de : dm.entries().entrySet()) {
            switch (de.getKey()) {
              case "enabled" -> drain = bool(de.getValue(), "kubernetes.drain.enabled", drain, problems);
              case "timeout" -> drainTimeout = duration(de.getValue(), "kubernetes.drain.timeout", drainTimeout,
                  problems);
              case "onTimeout" -> proceed = !choice(de.getValue(), "kubernetes.drain.onTimeout", "halt", "proceed",
                  !proceed, problems);
              default -> problems.add(keyProblem(dm, de.getKey(), "kubernetes.drain." + de.getKey(),
                  "unknown field (known: enabled, timeout, onTimeout)"));
            }
          }
        }
        default -> problems.add(keyProblem(m, e.getKey(), "kubernetes." + e.getKey(),
            "unknown field (known: prune, forceConflicts, drift, healthTimeout, drain)"));
      }
    }
    return new KubePolicy(prune, force, correct, health, drain, drainTimeout, proceed);
  }

  /** True for {@code first}, false for {@code second}. */
  private static boolean choice(YNode v, String field, String first, String second, boolean dflt,
      List<RenderProblem> problems) {
    String text = v instanceof YScalar s ? s.text() : "";
    if (text.equals(first) || text.equals(second)) {
      return text.equals(first);
    }
    problems.add(problem(v, field, "expected " + first + " or " + second));
    return dflt;
  }

  private static boolean bool(YNode v, String field, boolean dflt, List<RenderProblem> problems) {
    return PolicyFile.bool(v, field, dflt, problems);
  }

  private static Duration duration(YNode v, String field, Duration dflt, List<RenderProblem> problems) {
    return PolicyFile.duration(v, field, dflt, false, problems);
  }

  private static RenderProblem problem(YNode at, String field, String msg) {
    return PolicyFile.problem(at, field, msg);
  }

  private static RenderProblem keyProblem(YMap m, String key, String field, String msg) {
    return PolicyFile.keyProblem(m, key, field, msg);
  }
}
