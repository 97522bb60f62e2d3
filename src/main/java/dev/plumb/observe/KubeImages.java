package dev.plumb.observe;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.RenderException;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.plumb.kube.KubeVersion;
import java.util.Optional;

/**
 * The Kubernetes images a machine config names (v1alpha1 document): {@code machine.kubelet.image},
 * and on a control plane {@code cluster.apiServer.image}, {@code cluster.controllerManager.image},
 * {@code cluster.scheduler.image}, {@code cluster.proxy.image}. Empty text: the config does not set
 * it (Talos then uses its own default for the Kubernetes version it ships) or cannot be read.
 */
public record KubeImages(String kubelet, String apiServer, String controllerManager, String scheduler, String proxy) {

  /** The images of a config's bytes (never fails: unreadable bytes name no image). */
  public static KubeImages of(byte[] config) {
    Optional<Map<String, Object>> v1 = v1alpha1(docs(config));
    if (v1.isEmpty()) {
      return new KubeImages("", "", "", "", "");
    }
    Map<String, Object> d = v1.get();
    return new KubeImages(string(d, "machine", "kubelet", "image"), string(d, "cluster", "apiServer", "image"),
        string(d, "cluster", "controllerManager", "image"), string(d, "cluster", "scheduler", "image"),
        string(d, "cluster", "proxy", "image"));
  }

  /** The version the API server image is tagged with. */
  public Optional<KubeVersion> apiServerVersion() {
    return KubeVersion.ofImage(apiServer);
  }

  /** The version the kubelet image is tagged with. */
  public Optional<KubeVersion> kubeletVersion() {
    return KubeVersion.ofImage(kubelet);
  }

  /** Whether the control-plane images (and kube-proxy) are the same as {@code o}'s. */
  public boolean sameControlPlane(KubeImages o) {
    return apiServer.equals(o.apiServer) && controllerManager.equals(o.controllerManager)
        && scheduler.equals(o.scheduler) && proxy.equals(o.proxy);
  }

  /**
   * The config a control plane gets in step 1 of a Kubernetes upgrade: {@code desired} with
   * {@code machine.kubelet.image} set back to {@code kubeletImage} (the one it runs), so that the
   * control-plane images (and any other change of the node) land while the kubelet stays where it
   * is; talosctl upgrade-k8s moves the kubelets only after every control plane. Encoded as plumb
   * renders configs for {@code talosVersion}. Unreadable desired bytes are returned unchanged.
   */
  public static byte[] withKubelet(byte[] desired, String kubeletImage, String talosVersion) {
    List<Object> docs = docs(desired);
    Optional<Map<String, Object>> v1 = v1alpha1(docs);
    if (v1.isEmpty() || kubeletImage.isEmpty()) {
      return desired;
    }
    Map<String, Object> machine = map(v1.get().get("machine"));
    Map<String, Object> kubelet = machine == null ? null : map(machine.get("kubelet"));
    if (kubelet == null) {
      return desired;
    }
    kubelet.put("image", kubeletImage);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object d : docs) {
      Map<String, Object> m = map(d);
      if (m != null) {
        out.add(m);
      }
    }
    return CanonicalYaml.encode(out, talosVersion);
  }

  private static List<Object> docs(byte[] config) {
    List<Object> out = new ArrayList<>();
    try {
      for (YNode n : YamlReader.readAll("config", new String(config, StandardCharsets.UTF_8))) {
        out.add(YValues.copy(YValues.toJava(n)));
      }
    } catch (RenderException e) {
      return List.of();
    }
    return out;
  }

  private static Optional<Map<String, Object>> v1alpha1(List<Object> docs) {
    for (Object d : docs) {
      Map<String, Object> m = map(d);
      if (m != null && !m.containsKey("kind") && (m.containsKey("machine") || m.containsKey("cluster"))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static String string(Map<String, Object> m, String... path) {
    Object o = m;
    for (String p : path) {
      Map<String, Object> x = map(o);
      if (x == null) {
        return "";
      }
      o = x.get(p);
    }
    return o instanceof String s ? s : "";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
