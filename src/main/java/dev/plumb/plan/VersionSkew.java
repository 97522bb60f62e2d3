package dev.plumb.plan;

import dev.plumb.kube.KubeVersion;
import dev.plumb.observe.KubeImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pre-checks of a Kubernetes upgrade on versions alone, each refusal naming what is wrong:
 * <ul>
 *   <li>the path: one minor at a time, or a patch change within the minor (go-kubernetes
 *       upgrade/path.go IsSupported lists exactly {@code 1.N->1.N} and {@code 1.N->1.N+1}): a skipped
 *       minor and a minor downgrade are refused, a patch downgrade within the minor is allowed as
 *       talosctl allows it;
 *   <li>the version-skew policy (kubernetes.io/releases/version-skew-policy): a kubelet never newer
 *       than the API server and at most three minors older (two before 1.28);
 *       kube-controller-manager and kube-scheduler never newer than the API server and at most one
 *       minor older;
 *   <li>the Kubernetes range the nodes' Talos release supports (pkg/machinery/compatibility:
 *       Talos 1.N runs Kubernetes 1.(N+18) through 1.(N+23), for the releases from 1.10 on).
 * </ul>
 */
final class VersionSkew {
  private VersionSkew() {}

  /** Why the path from {@code from} (the oldest control plane) to {@code to} is refused, or empty. */
  static Optional<String> path(KubeVersion from, KubeVersion to) {
    int ahead = to.minorsAhead(from);
    if (ahead > 1) {
      return Optional.of("Kubernetes " + from + " -> " + to + " skips a minor version: the control plane runs "
          + from.minorText() + ", so upgrade to " + from.major() + "." + (from.minor() + 1)
          + " first (one minor at a time, as talosctl upgrade-k8s requires)");
    }
    if (ahead < 0) {
      return Optional.of("Kubernetes " + from + " -> " + to + " is a downgrade of the minor version, which"
          + " talosctl upgrade-k8s does not support (unsupported upgrade path " + from.minorText() + "->"
          + to.minorText() + "); only a patch release of " + from.minorText() + " may replace another");
    }
    return Optional.empty();
  }

  /** The oldest minor a kubelet may run against an API server at {@code api}. */
  static int oldestKubeletMinor(KubeVersion api) {
    return api.minor() - (api.minor() >= 28 ? 3 : 2);
  }

  /**
   * The skew refusals against the target API server version: the kubelets as they run now
   * (hostname -> version) and the images the desired configs name (hostname -> images).
   */
  static List<String> skew(KubeVersion to, Map<String, KubeVersion> liveKubelets, Map<String, KubeImages> desired) {
    List<String> out = new ArrayList<>();
    liveKubelets.forEach((node, v) -> {
      if (v.minorsAhead(to) > 0) {
        out.add(node + ": its kubelet runs " + v + ", newer than the API server would (" + to
            + "): a kubelet is never newer than the API server");
      } else if (v.major() == to.major() && v.minor() < oldestKubeletMinor(to)) {
        out.add(node + ": its kubelet runs " + v + ", more than " + (to.minor() - oldestKubeletMinor(to))
            + " minors older than " + to + " (the oldest a " + to.minorText() + " API server supports is 1."
            + oldestKubeletMinor(to) + ")");
      }
    });
    desired.forEach((node, images) -> {
      images.kubeletVersion().filter(k -> k.minorsAhead(to) > 0).ifPresent(k -> out.add(node
          + ": Git gives its kubelet " + k + ", newer than the API server " + to + " (machine.kubelet.image)"));
      component(node, "kube-controller-manager", images.controllerManager(), to, out);
      component(node, "kube-scheduler", images.scheduler(), to, out);
    });
    return out;
  }

  private static void component(String node, String name, String image, KubeVersion to, List<String> out) {
    KubeVersion.ofImage(image).ifPresent(v -> {
      int behind = to.minorsAhead(v);
      if (behind < 0) {
        out.add(node + ": Git gives " + name + " " + v + ", newer than the API server " + to);
      } else if (behind > 1) {
        out.add(node + ": Git gives " + name + " " + v + ", more than one minor older than the API server " + to);
      }
    });
  }

  /** Why Talos {@code talos} (a node's version tag) cannot run Kubernetes {@code to}, or empty. */
  static Optional<String> talosSupports(String node, String talos, KubeVersion to) {
    Optional<KubeVersion> t = KubeVersion.parse(talos);
    if (t.isEmpty() || t.get().major() != 1 || t.get().minor() < 10 || to.major() != 1) {
      return Optional.empty(); // outside the table: talosctl's check is not reproduced
    }
    int min = t.get().minor() + 18;
    int max = t.get().minor() + 23;
    if (to.minor() < min || to.minor() > max) {
      return Optional.of(node + ": Talos " + talos + " supports Kubernetes 1." + min + " through 1." + max
          + ", not " + to + (to.minor() > max ? " (upgrade Talos first)" : ""));
    }
    return Optional.empty();
  }
}
