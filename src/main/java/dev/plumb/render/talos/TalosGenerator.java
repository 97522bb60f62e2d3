package dev.plumb.render.talos;

import static dev.plumb.render.talos.ConfigGenerator.map;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talos's own config generator ({@code generate.Input.Config}) for contracts 1.8-1.13, read from
 * siderolabs/talos pkg/machinery/config/generate/{init,worker,network,registry}.go: the v1alpha1
 * document of a control plane or a worker, and the HostnameConfig {@code auto: stable} document
 * that 1.12+ adds. Values only; the encoder decides field order and scalar style.
 */
public final class TalosGenerator {
  private final GenInput in;

  public TalosGenerator(GenInput in) {
    this.in = in;
  }

  /** The documents Talos generates for the role, v1alpha1 first. */
  public List<Map<String, Object>> generate(boolean controlPlane) {
    Map<String, Object> v1 = new LinkedHashMap<>();
    v1.put("version", "v1alpha1");
    v1.put("debug", false);
    v1.put("persist", true);
    v1.put("machine", machine(controlPlane));
    v1.put("cluster", cluster(controlPlane));
    List<Map<String, Object>> docs = new ArrayList<>();
    docs.add(v1);
    if (in.contract().multidocNetwork()) {
      // generate/network.go: the hostname comes from a document, stable by default
      Map<String, Object> hostname = new LinkedHashMap<>();
      hostname.put("apiVersion", "v1alpha1");
      hostname.put("kind", "HostnameConfig");
      hostname.put("auto", "stable");
      docs.add(hostname);
    }
    return docs;
  }

  private Map<String, Object> machine(boolean cp) {
    TalosContract c = in.contract();
    SecretsBundle s = in.secrets();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", cp ? "controlplane" : "worker");
    m.put("token", s.get("trustdinfo.token"));
    m.put("ca", map("crt", s.get("certs.os.crt"), "key", cp ? s.get("certs.os.key") : ""));
    m.put("certSANs", new ArrayList<Object>(in.machineCertSans()));
    m.put("kubelet", map("image", "ghcr.io/siderolabs/kubelet:v" + in.kubernetesVersion(),
        "defaultRuntimeSeccompProfileEnabled", true, "disableManifestsDirectory", true));
    if (c.emptyMachineNetwork()) {
      m.put("network", new LinkedHashMap<String, Object>());
    }
    m.put("install", install());
    if (c.legacyRegistries()) {
      m.put("registries", new LinkedHashMap<String, Object>());
    }
    m.put("features", features());
    if (cp) {
      Map<String, Object> labels = new LinkedHashMap<>();
      labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
      m.put("nodeLabels", labels);
    }
    return m;
  }

  private Map<String, Object> install() {
    Map<String, Object> i = new LinkedHashMap<>();
    if (!in.installDisk().isEmpty()) {
      i.put("disk", in.installDisk());
    }
    i.put("image", in.installImage());
    i.put("wipe", false);
    if (in.contract().grubUseUkiCmdline()) {
      i.put("grubUseUKICmdline", true);
    }
    return i;
  }

  private Map<String, Object> features() {
    Map<String, Object> f = new LinkedHashMap<>();
    if (in.contract().rbacAndKeyUsage()) {
      f.put("rbac", true);
    }
    if (in.contract().stableHostnameFeature()) {
      f.put("stableHostname", true);
    }
    if (in.contract().rbacAndKeyUsage()) {
      f.put("apidCheckExtKeyUsage", true);
    }
    f.put("diskQuotaSupport", true);
    f.put("kubePrism", map("enabled", true, "port", 7445L));
    f.put("hostDNS", map("enabled", true, "forwardKubeDNSToHost", true));
    return f;
  }

  private Map<String, Object> cluster(boolean cp) {
    SecretsBundle s = in.secrets();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", s.get("cluster.id"));
    c.put("secret", s.get("cluster.secret"));
    c.put("controlPlane", map("endpoint", in.endpoint()));
    c.put("clusterName", in.clusterName());
    Map<String, Object> net = new LinkedHashMap<>();
    net.put("dnsDomain", in.dnsDomain());
    net.put("podSubnets", new ArrayList<Object>(in.podNets()));
    net.put("serviceSubnets", new ArrayList<Object>(in.serviceNets()));
    if (in.cni() != null) {
      net.put("cni", in.cni());
    }
    c.put("network", net);
    c.put("token", s.get("secrets.bootstraptoken"));
    if (cp && !s.get("secrets.secretboxencryptionsecret").isEmpty()) {
      c.put("secretboxEncryptionSecret", s.get("secrets.secretboxencryptionsecret"));
    }
    c.put("ca", map("crt", s.get("certs.k8s.crt"), "key", cp ? s.get("certs.k8s.key") : ""));
    if (cp) {
      controlPlane(c);
    }
    c.put("discovery", map("enabled", true,
        "registries", map("kubernetes", map("disabled", true), "service", new LinkedHashMap<String, Object>())));
    if (cp) {
      c.put("etcd", map("ca", map("crt", s.get("certs.etcd.crt"), "key", s.get("certs.etcd.key"))));
      c.put("extraManifests", new ArrayList<Object>());
      c.put("inlineManifests", new ArrayList<Object>());
      if (in.allowSchedulingOnControlPlanes()) {
        c.put("allowSchedulingOnControlPlanes", true);
      }
    }
    return c;
  }

  private void controlPlane(Map<String, Object> c) {
    SecretsBundle s = in.secrets();
    String k8s = "v" + in.kubernetesVersion();
    c.put("aggregatorCA", map("crt", s.get("certs.k8saggregator.crt"), "key", s.get("certs.k8saggregator.key")));
    c.put("serviceAccount", map("key", s.get("certs.k8sserviceaccount.key")));
    Map<String, Object> api = new LinkedHashMap<>();
    api.put("image", "registry.k8s.io/kube-apiserver:" + k8s);
    List<Object> sans = apiServerSans();
    if (!sans.isEmpty()) {
      api.put("certSANs", sans);
    }
    if (in.contract().disablePodSecurityPolicy()) {
      api.put("disablePodSecurityPolicy", true);
    }
    api.put("admissionControl", List.of(map("name", "PodSecurity", "configuration", podSecurity())));
    api.put("auditPolicy", map("apiVersion", "audit.k8s.io/v1", "kind", "Policy",
        "rules", List.of(map("level", "Metadata"))));
    c.put("apiServer", api);
    c.put("controllerManager", map("image", "registry.k8s.io/kube-controller-manager:" + k8s));
    c.put("proxy", map("image", "registry.k8s.io/kube-proxy:" + k8s));
    c.put("scheduler", map("image", "registry.k8s.io/kube-scheduler:" + k8s));
  }

  /** k8s.DefaultPodSecurityAdmissionControlConfig. */
  private static Map<String, Object> podSecurity() {
    return map("apiVersion", "pod-security.admission.config.k8s.io/v1alpha1",
        "defaults", map("audit", "restricted", "audit-version", "latest", "enforce", "baseline",
            "enforce-version", "latest", "warn", "restricted", "warn-version", "latest"),
        "exemptions", map("namespaces", List.of("kube-system"), "runtimeClasses", List.of(), "usernames", List.of()),
        "kind", "PodSecurityConfiguration");
  }

  /** GetAPIServerSANs: the endpoint's host (url.Hostname: no brackets, no port) up to 1.11, then the extra SANs. */
  private List<Object> apiServerSans() {
    List<Object> sans = new ArrayList<>();
    if (in.contract().endpointInApiServerSans()) {
      String host = endpointHost(in.endpoint());
      if (host != null) {
        sans.add(host);
      }
    }
    sans.addAll(in.apiServerSans());
    return sans;
  }

  static String endpointHost(String endpoint) {
    try {
      String host = URI.create(endpoint).getHost();
      if (host != null && host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return host;
    } catch (IllegalArgumentException e) {
      return null; // validation reports a bad endpoint
    }
  }
}
