package dev.plumb.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What {@code plumb status} shows, and the stable JSON form of it ({@code status.json} in the state
 * directory, {@code plumb status --output json}). Field names are part of plumb's interface: add,
 * never rename. Timestamps are UTC ISO-8601; revisions are full commit ids or "".
 *
 * @param schema always {@code plumb.status/v1}
 * @param phase the fleet's phase: idle, reconciling, converged, halted, stalled or failing
 * @param desiredRevision the newest commit plumb is working on
 * @param appliedRevision the newest commit every cluster converged to
 * @param lastError the newest failure not yet superseded by a convergence, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schema", "phase", "desiredRevision", "appliedRevision", "updatedAt", "lastError", "clusters",
    "recentEvents"})
public record StatusReport(String schema, String phase, String desiredRevision, String appliedRevision,
    String updatedAt, Problem lastError, List<Cluster> clusters, List<Event> recentEvents) {
  public static final String SCHEMA = "plumb.status/v1";

  public StatusReport {
    clusters = List.copyOf(clusters);
    recentEvents = List.copyOf(recentEvents);
  }

  /** A failure: its reason (RenderFailed, GateFailed, HistoryRewritten, SourceFailed, ...), message and time. */
  public record Problem(String reason, String message, String at) {}

  /**
   * One cluster: its phase (reconciling, waiting, converged, halted), the revision it works on, what
   * it waits for (or ""), and its nodes.
   */
  @JsonPropertyOrder({"name", "phase", "revision", "waitingFor", "message", "updatedAt", "nodes"})
  public record Cluster(String name, String phase, String revision, String waitingFor, String message,
      String updatedAt, List<Node> nodes) {
    public Cluster {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * One node: the revision whose config it runs and how that is known: {@code applying} (sent, its
   * gates not yet passed), {@code gate-passed}, {@code observed} (seen running it, e.g. after a
   * restart), or {@code gate-failed}.
   */
  @JsonPropertyOrder({"name", "revision", "state", "detail", "updatedAt"})
  public record Node(String name, String revision, String state, String detail, String updatedAt) {}

  /** One journal event. */
  @JsonPropertyOrder({"at", "type", "cluster", "node", "revision", "message"})
  public record Event(String at, String type, String cluster, String node, String revision, String message) {}
}
