package dev.plumb.rollout;

import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.KubeException;
import dev.plumb.kube.NodeCordon;
import dev.plumb.kube.NodeReadiness;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.TalosVersions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives back the Nodes plumb cordoned ({@link DrainStep}): after the node's gates pass, and, after
 * a crash or a halt, at a later planning observation once the node is healthy on its desired config
 * and version. Only a Node carrying plumb's annotation is ever uncordoned; one a human cordoned is
 * left alone.
 */
final class Uncordon {
  private Uncordon() {}

  /** Uncordons the node whose gates passed; the line for the listener, or why it could not. */
  static String afterGates(KubeAccess access, LiveState live, String hostname) {
    String node = DrainStep.nodeName(live, hostname);
    Optional<KubeClient> client = access.client();
    if (client.isEmpty()) {
      return "could not uncordon " + node + " (" + access.why() + "): uncordoned once the API answers";
    }
    try {
      NodeCordon.release(client.get(), node);
      return "uncordoned " + node + ": its gates passed";
    } catch (KubeException e) {
      failed(access, e);
      return "could not uncordon " + node + " (" + e.getMessage() + "): uncordoned once the API answers";
    }
  }

  /**
   * Every Node still marked as cordoned by plumb whose node is healthy, runs its desired config and
   * Talos version, whose Kubernetes Node is Ready, and is not in {@code busy}: uncordoned. One line
   * per Node for the listener; nothing when the API cannot be read.
   */
  static List<String> recover(ClusterDesired desired, LiveState live, Set<String> busy, KubeAccess access) {
    if (live.kube().reachable() && live.kube().nodes().values().stream().noneMatch(NodeReadiness.Reading::cordoned)) {
      return List.of(); // this observation listed every Node: none is cordoned, so none holds plumb's cordon
    }
    Optional<KubeClient> client = access.client();
    if (client.isEmpty()) {
      return List.of();
    }
    Map<String, String> hostOfNode = new HashMap<>();
    for (NodeConfig n : desired.nodes()) {
      hostOfNode.put(DrainStep.nodeName(live, n.hostname()), n.hostname());
    }
    List<String> said = new ArrayList<>();
    try {
      for (NodeCordon.State s : NodeCordon.marked(client.get())) {
        String host = hostOfNode.get(s.node());
        if (host == null || busy.contains(host) || !onDesired(desired, live, host)
            || s.reading().state() != NodeReadiness.State.READY) {
          continue;
        }
        NodeCordon.release(client.get(), s.node());
        said.add("uncordoned " + s.node() + ", cordoned by plumb (" + s.plumbReason() + ") and not released before:"
            + " the node is healthy on its desired config");
      }
    } catch (KubeException e) {
      failed(access, e);
    }
    return said;
  }

  private static boolean onDesired(ClusterDesired desired, LiveState live, String host) {
    NodeConfig n = desired.nodes().stream().filter(x -> x.hostname().equals(host)).findFirst().orElseThrow();
    NodeLive l = live.node(host).orElse(null);
    return l != null && l.healthy() && n.sha256().equals(l.configSha())
        && TalosVersions.runsImage(l.version(), n.installerImage());
  }

  private static void failed(KubeAccess access, KubeException e) {
    if (e.code() <= 0) {
      access.failed(e);
    }
  }
}
