package dev.plumb.render.talos;

import dev.plumb.render.patch.ConfigDocs;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's config as talhelper builds it before patches (budimanjojo/talhelper pkg/talos/input.go,
 * nodeconfig.go, multidocs.go): Talos's generator ({@link TalosGenerator}) fed with the talconfig,
 * then talhelper's node overrides on the v1alpha1 document ({@link NodeOverrides}), then
 * talhelper's generated documents merged in as a strategic-merge patch would merge them: a
 * document Talos already generated (HostnameConfig) is updated in place, others are appended.
 */
public final class ConfigGenerator {
  private final TalConfig cfg;
  private final SecretsBundle secrets;
  private final TalosContract contract;
  private final TalosGenerator talos;

  public ConfigGenerator(TalConfig cfg, SecretsBundle secrets) {
    this.cfg = cfg;
    this.secrets = secrets;
    this.contract = TalosContract.of(cfg.talosVersion());
    this.talos = new TalosGenerator(input());
  }

  public TalosContract contract() {
    return contract;
  }

  /** talhelper's NewClusterInput: what it hands Talos's generator. */
  private GenInput input() {
    boolean sched = flag("allowSchedulingOnControlPlanes") || flag("allowSchedulingOnMasters");
    return new GenInput(cfg.clusterName(), cfg.string("endpoint").orElse(""), kubernetesVersion(), contract, secrets,
        "", "ghcr.io/siderolabs/installer:" + contract.version(), strings("additionalMachineCertSans"),
        strings("additionalApiServerCertSans"), cfg.string("domain").filter(d -> !d.isEmpty()).orElse("cluster.local"),
        cfg.root().get("clusterPodNets").map(n -> stringList(n)).filter(l -> !l.isEmpty())
            .orElse(GenInput.defaultPodNets()),
        cfg.root().get("clusterSvcNets").map(n -> stringList(n)).filter(l -> !l.isEmpty())
            .orElse(GenInput.defaultServiceNets()),
        cfg.root().get("cniConfig").map(YValues::toJava).orElse(null), sched);
  }

  /**
   * The Kubernetes version without {@code v}. talhelper v3.1 refuses a talconfig without one; plumb
   * takes the version the Talos release defaults to, the one {@code talosctl gen config} uses.
   */
  String kubernetesVersion() {
    String v = cfg.string("kubernetesVersion").filter(s -> !s.isBlank()).orElse(contract.defaultKubernetesVersion());
    return v.startsWith("v") ? v.substring(1) : v;
  }

  /** The documents of the node's config, v1alpha1 first. */
  public List<Map<String, Object>> generate(TalNode node) {
    List<Map<String, Object>> docs = talos.generate(node.controlPlane());
    new NodeOverrides(cfg, secrets, contract, node).apply(docs.get(0));
    for (Map<String, Object> d : new GeneratedDocs(contract, node).documents()) {
      mergeDocument(docs, d);
    }
    return docs;
  }

  /** Adds a generated document, or merges it into the one of the same identity (its keys win). */
  static void mergeDocument(List<Map<String, Object>> docs, Map<String, Object> doc) {
    String id = ConfigDocs.identity(doc);
    for (Map<String, Object> existing : docs) {
      if (ConfigDocs.identity(existing).equals(id)) {
        Map<String, Object> merged = new LinkedHashMap<>(doc);
        existing.forEach(merged::putIfAbsent);
        existing.clear();
        existing.putAll(merged);
        return;
      }
    }
    docs.add(doc);
  }

  private boolean flag(String key) {
    return cfg.root().get(key).map(n -> n instanceof YScalar s && Boolean.TRUE.equals(s.bool())).orElse(false);
  }

  private List<String> strings(String key) {
    return cfg.root().get(key).map(ConfigGenerator::stringList).orElse(List.of());
  }

  static List<String> stringList(YNode n) {
    List<String> out = new ArrayList<>();
    if (YValues.toJava(n) instanceof List<?> l) {
      for (Object o : l) {
        out.add(String.valueOf(o));
      }
    }
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
