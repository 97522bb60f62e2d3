package dev.plumb.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * plumb's own cordon of a Node, told apart from a human's by the annotation {@value #ANNOTATION}
 * (its value says why plumb cordoned the Node). plumb uncordons only a Node that carries it, so a
 * Node an operator cordoned by hand ({@code kubectl cordon}) stays cordoned whatever plumb does.
 */
public final class NodeCordon {
  public static final String ANNOTATION = "plumb.dev/cordoned";

  private NodeCordon() {}

  /** A Node as far as cordoning goes: unschedulable, and plumb's annotation (null when absent). */
  public record State(String node, boolean unschedulable, String plumbReason, NodeReadiness.Reading reading) {
    /** Cordoned by someone else than plumb: leave it as it is. */
    public boolean cordonedByOthers() {
      return unschedulable && plumbReason == null;
    }
  }

  /** The Node's state, empty when the API does not know the Node. */
  public static Optional<State> read(KubeClient client, String node) {
    return client.get("v1", "Node", "", node).map(NodeCordon::state);
  }

  /** Every Node that carries plumb's annotation (cordoned by plumb and not released yet). */
  public static List<State> marked(KubeClient client) {
    List<State> out = new ArrayList<>();
    for (Map<String, Object> n : client.list("v1", "Node", "")) {
      State s = state(n);
      if (s.plumbReason() != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Marks the Node as cordoned by plumb, with the reason; the cordon itself is {@link Drainer#cordonAndDrain}. */
  public static void mark(KubeClient client, String node, String reason) {
    client.annotate("v1", "Node", "", node, ANNOTATION, reason);
  }

  /** Uncordons the Node and removes plumb's annotation. */
  public static void release(KubeClient client, String node) {
    client.setUnschedulable(node, false);
    client.annotate("v1", "Node", "", node, ANNOTATION, null);
  }

  private static State state(Map<String, Object> node) {
    Object reason = KubeMaps.get(node, "metadata", "annotations", ANNOTATION);
    return new State(KubeMaps.string(node, "metadata", "name"),
        Boolean.TRUE.equals(KubeMaps.get(node, "spec", "unschedulable")),
        reason == null ? null : String.valueOf(reason), NodeReadiness.of(node));
  }
}
