package dev.plumb.rollout;

import java.util.List;

/**
 * The dry runs of every change of a plan, made before its first action: for each node, what Talos
 * said. A rollout acts only when every check passed; one refusal and nothing is applied to any
 * node. A transient failure (the node went away, another apply in progress) makes the rollout
 * wait and check again.
 */
public record PreflightReport(List<Check> checks) {
  public PreflightReport {
    checks = List.copyOf(checks);
  }

  /** One node's dry run: the action, the mode Talos would use (empty if none), or Talos's error. */
  public record Check(String node, String action, String mode, Result result, String error) {
    /** How the dry run went. */
    public enum Result { ACCEPTED, SKIPPED, REFUSED, UNAVAILABLE }

    @Override
    public String toString() {
      String who = node.isEmpty() ? "" : node + ": "; // a cluster-wide step (the manifests) has no node
      return switch (result) {
        case ACCEPTED -> who + action + " accepted" + (mode.isEmpty() ? "" : " (" + mode + ")");
        case SKIPPED -> who + action + " not dry-run (" + error + ")";
        case REFUSED -> who + action + " refused: " + error;
        case UNAVAILABLE -> who + action + " could not be checked now: " + error;
      };
    }
  }

  /** Every check accepted (or skipped where Talos has no dry run). */
  public boolean passed() {
    return checks.stream().allMatch(c -> c.result() == Check.Result.ACCEPTED || c.result() == Check.Result.SKIPPED);
  }

  /** The checks that Talos refused: a config or request it will not take. */
  public List<Check> refused() {
    return checks.stream().filter(c -> c.result() == Check.Result.REFUSED).toList();
  }

  /** The checks that could not be made now. */
  public List<Check> unavailable() {
    return checks.stream().filter(c -> c.result() == Check.Result.UNAVAILABLE).toList();
  }

  @Override
  public String toString() {
    if (passed()) {
      return "preflight: " + checks.size() + " dry run(s) accepted" + (checks.isEmpty() ? ""
          : ": " + String.join("; ", checks.stream().map(Check::toString).toList()));
    }
    List<Check> bad = refused().isEmpty() ? unavailable() : refused();
    return "preflight failed: " + String.join("; ", bad.stream().map(Check::toString).toList());
  }
}
