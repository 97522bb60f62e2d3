package dev.plumb.render.talos;

import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine config Talos's generator produces for a node before any patch, plus talhelper's
 * node overrides and generated documents (reference/talhelper.md §5.2-5.3): the v1alpha1
 * document for the version contract and role, the installer image, labels, taints, files, and
 * for Talos 1.12+ the HostnameConfig/ResolverConfig/network documents.
 */
public final class ConfigGenerator {
  private final TalConfig cfg;
  private final SecretsBundle secrets;
  private final TalosContract contract;

  public ConfigGenerator(TalConfig cfg, SecretsBundle secrets) {
    this.cfg = cfg;
    this.secrets = secrets;
    this.contract = TalosContract.of(cfg.talosVersion());
  }

  public TalosContract contract() {
    return contract;
  }

  /** The documents of the node's config, v1alpha1 first. */
  public List<Map<String, Object>> generate(TalNode node) {
    boolean cp = node.controlPlane();
    Map<String, Object> v1 = new LinkedHashMap<>();
    v1.put("version", "v1alpha1");
    v1.put("debug", false);
    v1.put("persist", true);
    v1.put("machine", machine(node, cp));
    v1.put("cluster", cluster(cp));
    List<Map<String, Object>> docs = new ArrayList<>();
    docs.add(v1);
    docs.addAll(new GeneratedDocs(contract, node).documents());
    return docs;
  }

  private Map<String, Object> machine(TalNode node, boolean cp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", cp ? "controlplane" : "worker");
    m.put("token", secrets.get("trustdinfo.token"));
    m.put("ca", map("crt", secrets.get("certs.os.crt"), "key", cp ? secrets.get("certs.os.key") : ""));
    List<Object> sans = new ArrayList<>(strings(cfg.root().get("additionalMachineCertSans").orElse(null)));
    sans.addAll(strings(node.get("certSANs").orElse(null)));
    m.put("certSANs", sans);
    Map<String, Object> kubelet = new LinkedHashMap<>();
    kubelet.put("image", "ghcr.io/siderolabs/kubelet:" + k8sVersion());
    kubelet.put("defaultRuntimeSeccompProfileEnabled", true);
    kubelet.put("disableManifestsDirectory", true);
    m.put("kubelet", kubelet);
    m.put("network", legacyNetwork(node));
    m.put("install", install(node));
    m.put("features", features());
    node.get("machineDisks").ifPresent(n -> m.put("disks", YValues.toJava(n)));
    node.get("kernelModules").ifPresent(n -> m.put("kernel", map("modules", YValues.toJava(n))));
    node.get("machineFiles").ifPresent(n -> m.put("files", files(n)));
    Map<String, Object> labels = new LinkedHashMap<>();
    if (cp) {
      labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
    }
    node.get("nodeLabels").ifPresent(n -> labels.putAll(stringMap(n)));
    if (!labels.isEmpty()) {
      m.put("nodeLabels", labels);
    }
    node.get("nodeAnnotations").ifPresent(n -> m.put("nodeAnnotations", stringMap(n)));
    node.get("nodeTaints").ifPresent(n -> m.put("nodeTaints", stringMap(n)));
    return m;
  }

  private Map<String, Object> legacyNetwork(TalNode node) {
    Map<String, Object> net = new LinkedHashMap<>();
    if (contract.multidocNetwork()) {
      return net;
    }
    if (!node.get("ignoreHostname").map(n -> n instanceof dev.plumb.render.yaml.YScalar s
        && Boolean.TRUE.equals(s.bool())).orElse(false)) {
      net.put("hostname", node.hostname());
    }
    node.get("networkInterfaces").ifPresent(n -> net.put("interfaces", YValues.toJava(n)));
    node.get("nameservers").ifPresent(n -> net.put("nameservers", YValues.toJava(n)));
    node.get("disableSearchDomain").ifPresent(n -> net.put("disableSearchDomain", YValues.toJava(n)));
    return net;
  }

  private Map<String, Object> install(TalNode node) {
    Map<String, Object> i = new LinkedHashMap<>();
    node.string("installDisk").ifPresent(d -> i.put("disk", d));
    node.get("installDiskSelector").ifPresent(n -> i.put("diskSelector", YValues.toJava(n)));
    Map<String, Object> spec = node.get("machineSpec").map(n -> asMap(YValues.toJava(n))).orElse(Map.of());
    boolean uki = Boolean.TRUE.equals(spec.get("useUKI"));
    List<Object> kernelArgs = schematicKernelArgs(node);
    if (!kernelArgs.isEmpty() && !uki && !contract.multidocNetwork()) {
      i.put("extraKernelArgs", kernelArgs);
    }
    i.put("image", Installer.image(cfg, node, contract));
    i.put("wipe", false);
    if (contract.minor() >= 12) {
      i.put("grubUseUKICmdline", true);
    }
    return i;
  }

  private List<Object> schematicKernelArgs(TalNode node) {
    Object s = node.get("schematic").map(YValues::toJava).orElse(null);
    if (s instanceof Map<?, ?> m && m.get("customization") instanceof Map<?, ?> c
        && c.get("extraKernelArgs") instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return List.of();
  }

  private Map<String, Object> features() {
    Map<String, Object> f = new LinkedHashMap<>();
    if (contract.minor() < 12) {
      f.put("rbac", true);
    }
    if (contract.minor() < 12) {
      // 1.12+ carries it as a HostnameConfig document; Talos refuses both together (issue 7)
      f.put("stableHostname", true);
    }
    f.put("apidCheckExtKeyUsage", true);
    f.put("diskQuotaSupport", true);
    f.put("kubePrism", map("enabled", true, "port", 7445L));
    f.put("hostDNS", map("enabled", true, "forwardKubeDNSToHost", true));
    return f;
  }

  private Map<String, Object> cluster(boolean cp) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", secrets.get("cluster.id"));
    c.put("secret", secrets.get("cluster.secret"));
    String endpoint = cfg.string("endpoint").orElse("");
    c.put("controlPlane", map("endpoint", endpoint));
    c.put("clusterName", cfg.clusterName());
    Map<String, Object> net = new LinkedHashMap<>();
    net.put("dnsDomain", cfg.string("domain").orElse("cluster.local"));
    net.put("podSubnets", cfg.root().get("clusterPodNets").map(YValues::toJava).orElse(List.of("10.244.0.0/16")));
    net.put("serviceSubnets", cfg.root().get("clusterSvcNets").map(YValues::toJava).orElse(List.of("10.96.0.0/12")));
    cfg.root().get("cniConfig").ifPresent(n -> net.put("cni", YValues.toJava(n)));
    c.put("network", net);
    c.put("token", secrets.get("secrets.bootstraptoken"));
    if (!secrets.get("secrets.secretboxencryptionsecret").isEmpty()) {
      if (cp) {
        c.put("secretboxEncryptionSecret", secrets.get("secrets.secretboxencryptionsecret"));
      }
    } else if (cp) {
      c.put("aescbcEncryptionSecret", secrets.get("secrets.aescbcencryptionsecret"));
    }
    c.put("ca", map("crt", secrets.get("certs.k8s.crt"), "key", cp ? secrets.get("certs.k8s.key") : ""));
    if (cp) {
      controlPlaneParts(c, endpoint);
    }
    c.put("discovery", map("enabled", true, "registries", map("kubernetes", map("disabled", true), "service", Map.of())));
    if (cp) {
      c.put("etcd", map("ca", map("crt", secrets.get("certs.etcd.crt"), "key", secrets.get("certs.etcd.key"))));
      cfg.root().get("inlineManifests").ifPresent(n -> c.put("inlineManifests", YValues.toJava(n)));
      boolean sched = cfg.root().get("allowSchedulingOnControlPlanes").or(() -> cfg.root().get("allowSchedulingOnMasters"))
          .map(n -> n instanceof dev.plumb.render.yaml.YScalar s && Boolean.TRUE.equals(s.bool())).orElse(false);
      if (sched) {
        c.put("allowSchedulingOnControlPlanes", true);
      }
    }
    return c;
  }

  private void controlPlaneParts(Map<String, Object> c, String endpoint) {
    c.put("aggregatorCA", map("crt", secrets.get("certs.k8saggregator.crt"), "key", secrets.get("certs.k8saggregator.key")));
    c.put("serviceAccount", map("key", secrets.get("certs.k8sserviceaccount.key")));
    Map<String, Object> api = new LinkedHashMap<>();
    api.put("image", "registry.k8s.io/kube-apiserver:" + k8sVersion());
    List<Object> sans = new ArrayList<>();
    try {
      String host = URI.create(endpoint).getHost();
      if (host != null) {
        sans.add(host);
      }
    } catch (IllegalArgumentException e) {
      // validation reports a bad endpoint
    }
    sans.addAll(strings(cfg.root().get("additionalApiServerCertSans").orElse(null)));
    api.put("certSANs", sans);
    api.put("disablePodSecurityPolicy", true);
    api.put("admissionControl", List.of(map("name", "PodSecurity", "configuration", map(
        "apiVersion", "pod-security.admission.config.k8s.io/v1alpha1",
        "defaults", map("audit", "restricted", "audit-version", "latest", "enforce", "baseline",
            "enforce-version", "latest", "warn", "restricted", "warn-version", "latest"),
        "exemptions", map("namespaces", List.of("kube-system"), "runtimeClasses", List.of(), "usernames", List.of()),
        "kind", "PodSecurityConfiguration"))));
    api.put("auditPolicy", map("apiVersion", "audit.k8s.io/v1", "kind", "Policy",
        "rules", List.of(map("level", "Metadata"))));
    c.put("apiServer", api);
    c.put("controllerManager", map("image", "registry.k8s.io/kube-controller-manager:" + k8sVersion()));
    c.put("proxy", map("image", "registry.k8s.io/kube-proxy:" + k8sVersion()));
    c.put("scheduler", map("image", "registry.k8s.io/kube-scheduler:" + k8sVersion()));
  }

  private String k8sVersion() {
    String v = cfg.string("kubernetesVersion").orElse("");
    return v.startsWith("v") ? v : "v" + v;
  }

  private List<Object> files(YNode n) {
    List<Object> out = new ArrayList<>();
    for (Object o : (List<?>) YValues.toJava(n)) {
      Map<String, Object> f = new LinkedHashMap<>(asMap(o));
      f.remove("skipEnvsubst");
      out.add(f);
    }
    return out;
  }

  private static List<Object> strings(YNode n) {
    return n == null ? List.of() : new ArrayList<>((List<?>) YValues.toJava(n));
  }

  private static Map<String, Object> stringMap(YNode n) {
    Map<String, Object> out = new LinkedHashMap<>();
    asMap(YValues.toJava(n)).forEach((k, v) -> out.put(k, v == null ? "" : dev.plumb.render.sops.GoYaml.text(v)
        .replace("True", "true").replace("False", "false")));
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
