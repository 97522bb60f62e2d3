package dev.plumb.kube;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cordon and drain as {@code kubectl drain} and talosctl do it client-side: mark the node
 * unschedulable, then evict its pods through the eviction API so PodDisruptionBudgets are
 * honoured, round after round until none is left or the timeout passes. DaemonSet pods (their
 * controller would recreate them on the same node) and mirror pods (static pods: the kubelet owns
 * them) are skipped. A refused eviction names the budget that refused it.
 */
public final class Drainer {
  private static final String MIRROR = "kubernetes.io/config.mirror";
  private final KubeClient client;
  private final Clock clock;
  private final Pause pause;

  public Drainer(KubeClient client, Clock clock, Pause pause) {
    this.client = client;
    this.clock = clock;
    this.pause = pause;
  }

  public DrainResult cordonAndDrain(String nodeName, DrainPolicy policy) throws InterruptedException {
    client.setUnschedulable(nodeName, true);
    Instant deadline = clock.instant().plus(policy.timeout());
    Set<String> evicted = new LinkedHashSet<>();
    Set<String> skipped = new LinkedHashSet<>();
    while (true) {
      Map<String, String> blocked = new LinkedHashMap<>();
      List<String> remaining = new ArrayList<>();
      for (Map<String, Object> pod : client.podsOnNode(nodeName)) {
        String ns = KubeMaps.string(pod, "metadata", "namespace");
        String name = KubeMaps.string(pod, "metadata", "name");
        String id = ns + "/" + name;
        String skip = skipReason(pod);
        if (skip != null) {
          skipped.add(id + " (" + skip + ")");
          continue;
        }
        remaining.add(id);
        if (KubeMaps.get(pod, "metadata", "deletionTimestamp") != null) {
          continue;
        }
        if (client.evict(ns, name)) {
          evicted.add(id);
        } else {
          blocked.put(id, "eviction of pod " + id + " refused: " + budgets(ns, pod));
        }
      }
      if (remaining.isEmpty()) {
        return new DrainResult(DrainResult.Outcome.DRAINED, List.copyOf(evicted), List.copyOf(skipped), List.of(),
            List.of());
      }
      if (!clock.instant().isBefore(deadline)) {
        return new DrainResult(DrainResult.Outcome.TIMED_OUT, List.copyOf(evicted), List.copyOf(skipped), remaining,
            List.copyOf(blocked.values()));
      }
      pause.pause(policy.poll());
    }
  }

  /** Marks the node schedulable again (after its gates passed). */
  public void uncordon(String nodeName) {
    client.setUnschedulable(nodeName, false);
  }

  private static String skipReason(Map<String, Object> pod) {
    if (KubeMaps.get(pod, "metadata", "annotations", MIRROR) != null) {
      return "mirror pod of a static pod";
    }
    for (Object o : KubeMaps.list(KubeMaps.get(pod, "metadata", "ownerReferences"))) {
      Map<String, Object> ref = KubeMaps.map(o);
      if (ref != null && "DaemonSet".equals(ref.get("kind")) && Boolean.TRUE.equals(ref.get("controller"))) {
        return "managed by DaemonSet " + ref.get("name");
      }
    }
    return null;
  }

  /** The PodDisruptionBudgets that cover the pod, named with what their status says. */
  private String budgets(String namespace, Map<String, Object> pod) {
    Map<String, Object> labels = KubeMaps.map(KubeMaps.get(pod, "metadata", "labels"));
    List<String> names = new ArrayList<>();
    for (Map<String, Object> pdb : client.podDisruptionBudgets(namespace)) {
      Map<String, Object> selector = KubeMaps.map(KubeMaps.get(pdb, "spec", "selector"));
      if (selector == null || !LabelSelector.matches(selector, labels)) {
        continue;
      }
      String n = "PodDisruptionBudget " + namespace + "/" + KubeMaps.string(pdb, "metadata", "name");
      if (KubeMaps.get(pdb, "status", "currentHealthy") != null) {
        n += " (" + KubeMaps.integer(pdb, 0, "status", "currentHealthy") + " healthy, "
            + KubeMaps.integer(pdb, 0, "status", "desiredHealthy") + " required, "
            + KubeMaps.integer(pdb, 0, "status", "disruptionsAllowed") + " disruptions allowed)";
      }
      names.add(n);
    }
    return names.isEmpty() ? "the API server refused with 429 (too many requests), no PodDisruptionBudget found"
        : "blocked by " + String.join(", ", names);
  }
}
