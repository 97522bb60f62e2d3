package dev.plumb.sim;

import java.util.Map;
import java.util.Optional;

/**
 * What the Kubernetes side of a simulated node reads from its live machine config: the kubelet
 * image, the control-plane component images, kube-proxy and CoreDNS (image, disabled) and the CNI
 * name. An image the config leaves out is Talos's default, {@code <enforced repository>:<default
 * version>} (siderolabs/talos pkg/machinery/constants: KubeletImage, KubernetesAPIServerImage,
 * KubernetesControllerManagerImage, KubernetesSchedulerImage, KubeProxyImage, CoreDNSImage +
 * DefaultCoreDNSVersion); the simulator's default Kubernetes version is the fleet's.
 */
record SimKubeConfig(String kubeletImage, String apiServerImage, String controllerManagerImage,
    String schedulerImage, String proxyImage, boolean proxyDisabled, String coreDnsImage, boolean coreDnsDisabled,
    String cni) {
  static final String COREDNS_DEFAULT = "registry.k8s.io/coredns/coredns:v1.12.1";

  /** Reads the config; {@code defaultVersion} (e.g. v1.34.1) fills the images it does not name. */
  static SimKubeConfig of(MachineConfigView config, String defaultVersion) {
    String v = defaultVersion.startsWith("v") ? defaultVersion : "v" + defaultVersion;
    Map<String, Object> root = config.v1alpha1();
    return new SimKubeConfig(
        str(root, "machine", "kubelet", "image").orElse("ghcr.io/siderolabs/kubelet:" + v),
        str(root, "cluster", "apiServer", "image").orElse("registry.k8s.io/kube-apiserver:" + v),
        str(root, "cluster", "controllerManager", "image").orElse("registry.k8s.io/kube-controller-manager:" + v),
        str(root, "cluster", "scheduler", "image").orElse("registry.k8s.io/kube-scheduler:" + v),
        str(root, "cluster", "proxy", "image").orElse("registry.k8s.io/kube-proxy:" + v),
        str(root, "cluster", "proxy", "disabled").map(Boolean::parseBoolean).orElse(false),
        str(root, "cluster", "coreDNS", "image").orElse(COREDNS_DEFAULT),
        str(root, "cluster", "coreDNS", "disabled").map(Boolean::parseBoolean).orElse(false),
        str(root, "cluster", "network", "cni", "name").orElse("flannel"));
  }

  /** The image of a control-plane component: kube-apiserver, kube-controller-manager or kube-scheduler. */
  String componentImage(String component) {
    return switch (component) {
      case "kube-apiserver" -> apiServerImage;
      case "kube-controller-manager" -> controllerManagerImage;
      case "kube-scheduler" -> schedulerImage;
      default -> throw new IllegalArgumentException("no control-plane component " + component);
    };
  }

  /**
   * The tag of an image reference ({@code registry:5000/repo:v1.34.1@sha256:...} gives v1.34.1),
   * empty when it has none.
   */
  static String tag(String image) {
    int at = image.indexOf('@');
    String noDigest = at < 0 ? image : image.substring(0, at);
    int colon = noDigest.lastIndexOf(':');
    return colon > noDigest.lastIndexOf('/') ? noDigest.substring(colon + 1) : "";
  }

  /** The version an image runs: its tag, or {@code fallback} when it has none. */
  static String version(String image, String fallback) {
    String t = tag(image);
    return t.isEmpty() ? fallback : t;
  }

  private static Optional<String> str(Map<String, Object> root, String... keys) {
    Object cur = root;
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return Optional.empty();
      }
      cur = m.get(k);
    }
    return cur == null || String.valueOf(cur).isBlank() ? Optional.empty() : Optional.of(String.valueOf(cur));
  }
}
