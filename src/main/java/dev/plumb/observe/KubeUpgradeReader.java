package dev.plumb.observe;

import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.KubeException;
import dev.plumb.kube.KubeVersion;
import dev.plumb.kube.RemovedKinds;
import dev.plumb.render.ClusterDesired;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@link KubeUpgradeView} of a cluster: which Kubernetes version its bootstrap manifests
 * were synced for, and, only while the control planes run an older minor than Git wants, the live
 * objects of every kind whose API version the new minor stops serving (as talosctl upgrade-k8s
 * lists them before it starts). An object listed through a removed version but written by every
 * field manager through another one (its managedFields say so) is stored once and survives the
 * upgrade: it is not reported.
 */
public final class KubeUpgradeReader {
  /** Set on the kube-system Namespace once plumb synced the bootstrap manifests for a version. */
  public static final String ANNOTATION = "plumb.dev/bootstrap-manifests";

  private KubeUpgradeReader() {}

  /** The live state with its Kubernetes view completed for a Kubernetes upgrade (unchanged without a client). */
  public static LiveState attach(LiveState live, ClusterDesired desired, KubeAccess access) {
    Optional<KubeClient> c = access.client();
    Optional<KubeVersions> v = KubeVersions.of(desired, live.nodes());
    if (c.isEmpty() || v.isEmpty()) {
      return live;
    }
    return live.withKube(live.kube().withUpgrade(read(c.get(), v.get())));
  }

  /** The view for an upgrade towards {@code v.target()}. */
  public static KubeUpgradeView read(KubeClient client, KubeVersions v) {
    KubeVersion to = v.target();
    String path = v.oldestControlPlane().map(f -> f.minorText() + "->" + to.minorText()).orElse("");
    try {
      List<String> removed = new ArrayList<>();
      if (v.oldestControlPlane().isPresent() && to.minorsAhead(v.oldestControlPlane().get()) > 0) {
        for (RemovedKinds.Removed r : RemovedKinds.between(v.oldestControlPlane().get(), to)) {
          for (Map<String, Object> o : client.list(r.apiVersion(), r.kind(), "")) {
            if (writtenThrough(o, r.apiVersion())) {
              removed.add(r.kind() + " " + name(o) + " uses " + r.apiVersion() + ", removed in Kubernetes 1."
                  + r.minor() + " (use " + r.replacement() + ")");
            }
          }
        }
      }
      return new KubeUpgradeView(path, removed, bootstrapVersion(client), "");
    } catch (KubeException e) {
      return new KubeUpgradeView("", List.of(), "", "the Kubernetes API did not answer the upgrade checks: "
          + e.getMessage());
    }
  }

  /**
   * The version plumb recorded on the kube-system Namespace after syncing the bootstrap manifests,
   * else the tag of the kube-proxy DaemonSet's image (Talos renders it with the cluster's version),
   * else empty (kube-proxy disabled and never synced by plumb: unknown).
   */
  static String bootstrapVersion(KubeClient client) {
    Optional<Map<String, Object>> ns = client.get("v1", "Namespace", "", "kube-system");
    Object recorded = ns.map(n -> at(n, "metadata", "annotations")).map(a -> ((Map<?, ?>) a).get(ANNOTATION))
        .orElse(null);
    if (recorded instanceof String s && !s.isEmpty()) {
      return s;
    }
    Optional<Map<String, Object>> proxy = client.get("apps/v1", "DaemonSet", "kube-system", "kube-proxy");
    if (proxy.isEmpty()) {
      return "";
    }
    Object containers = at(proxy.get(), "spec", "template", "spec", "containers");
    if (containers instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> c
        && c.get("image") instanceof String image) {
      return KubeVersion.ofImage(image).map(KubeVersion::toString).orElse("");
    }
    return "";
  }

  private static boolean writtenThrough(Map<String, Object> o, String apiVersion) {
    Object mf = at(o, "metadata", "managedFields");
    if (!(mf instanceof List<?> l) || l.isEmpty()) {
      return true;
    }
    return l.stream().anyMatch(e -> e instanceof Map<?, ?> m && apiVersion.equals(m.get("apiVersion")));
  }

  private static String name(Map<String, Object> o) {
    Object ns = at(o, "metadata", "namespace");
    Object n = at(o, "metadata", "name");
    return (ns instanceof String s && !s.isEmpty() ? s + "/" : "") + n;
  }

  private static Object at(Map<String, Object> m, String... path) {
    Object o = m;
    for (String p : path) {
      if (!(o instanceof Map<?, ?> x)) {
        return null;
      }
      o = x.get(p);
    }
    return o;
  }
}
