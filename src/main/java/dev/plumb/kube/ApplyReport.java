package dev.plumb.kube;

import dev.plumb.fleet.ResourceKey;
import java.util.List;

/**
 * What one apply did: each object created, configured or unchanged; each failure by
 * kind/namespace/name with the API server's message; what prune deleted and what it left (with
 * why).
 */
public record ApplyReport(List<Applied> applied, List<Failure> failures, List<ResourceKey> pruned,
    List<Failure> pruneSkipped) {
  /** KEPT: drifted live, Git unchanged since plumb applied it, drift policy {@code report}: left as it is. */
  public enum Action { CREATED, CONFIGURED, UNCHANGED, KEPT }

  public record Applied(ResourceKey key, Action action) {}

  public record Failure(ResourceKey key, String message) {
    @Override
    public String toString() {
      return key + ": " + message;
    }
  }

  public ApplyReport {
    applied = List.copyOf(applied);
    failures = List.copyOf(failures);
    pruned = List.copyOf(pruned);
    pruneSkipped = List.copyOf(pruneSkipped);
  }

  public boolean ok() {
    return failures.isEmpty();
  }

  /** One line per object, as {@code plumb apps apply} prints it. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    applied.forEach(a -> sb.append(a.key()).append(' ').append(a.action().name().toLowerCase(java.util.Locale.ROOT))
        .append('\n'));
    failures.forEach(f -> sb.append(f.key()).append(" FAILED: ").append(f.message()).append('\n'));
    pruned.forEach(k -> sb.append(k).append(" pruned\n"));
    pruneSkipped.forEach(f -> sb.append(f.key()).append(" not pruned: ").append(f.message()).append('\n'));
    return sb.toString();
  }
}
