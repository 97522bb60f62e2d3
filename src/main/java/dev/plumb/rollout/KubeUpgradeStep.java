package dev.plumb.rollout;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.KubeException;
import dev.plumb.kube.Manifest;
import dev.plumb.observe.KubeImages;
import dev.plumb.observe.KubeUpgradeReader;
import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.RenderException;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of a Kubernetes upgrade, as talosctl upgrade-k8s takes them
 * (pkg/cluster/kubernetes/talos_managed.go): a control plane gets its desired config with the
 * kubelet image it runs now, so kube-apiserver, kube-controller-manager, kube-scheduler and
 * kube-proxy move and the kubelet stays; a kubelet step applies the desired config; both with
 * NO_REBOOT, and a change Talos would reboot for halts the rollout with Talos's words. The last
 * step reads the bootstrap manifests the control plane renders for the new version (COSI
 * {@code Manifests.kubernetes.talos.dev} in namespace {@code controlplane}) and applies them
 * server-side in Talos's order, then records the version on the kube-system Namespace
 * ({@link KubeUpgradeReader#ANNOTATION}) so that an interrupted upgrade knows they are done.
 */
final class KubeUpgradeStep {
  private final TalosClient secure;
  private final Observer observer;

  KubeUpgradeStep(TalosClient secure, Observer observer) {
    this.secure = secure;
    this.observer = observer;
  }

  /** The config a step sends: the intermediate config of a control plane, the desired one otherwise. */
  byte[] config(Action a, NodeConfig n, NodeTarget t) {
    if (a.kind() != Action.Kind.K8S_CONTROL_PLANE) {
      return n.config().reveal();
    }
    String kubelet = KubeImages.of(secure.machineConfig(t)).kubelet();
    return KubeImages.withKubelet(n.config().reveal(), kubelet, n.talosVersion());
  }

  /** The dry run of a config step (NO_REBOOT, so that Talos says now whether it would need a reboot). */
  Optional<ApplyResult> dryRun(Action a, NodeConfig n, NodeTarget t) {
    if (a.kind() == Action.Kind.K8S_BOOTSTRAP_MANIFESTS) {
      return Optional.empty();
    }
    return Optional.of(secure.applyConfiguration(t, config(a, n, t), ApplyMode.NO_REBOOT, true, null));
  }

  Acted act(Action a, NodeConfig n, NodeTarget t) {
    return switch (a.kind()) {
      case K8S_CONTROL_PLANE -> apply(a, n, t, "control-plane images of Kubernetes " + a.detail()
          + " (kubelet kept at its running version)");
      case K8S_KUBELET -> apply(a, n, t, "kubelet " + a.detail());
      case K8S_BOOTSTRAP_MANIFESTS -> bootstrapManifests(a, t);
      default -> throw new IllegalStateException("not a Kubernetes upgrade step: " + a.kind());
    };
  }

  private Acted apply(Action a, NodeConfig n, NodeTarget t, String what) {
    recordStart(KubeImages.of(secure.machineConfig(t)));
    ApplyResult r;
    try {
      r = secure.applyConfiguration(t, config(a, n, t), ApplyMode.NO_REBOOT, false, null);
    } catch (TalosException e) {
      if (e.kind() == TalosException.Kind.REJECTED && e.getMessage().contains("immediate mode")) {
        throw new HaltException(Gate.CONFIG_APPLIED, a.node() + ": Talos would need a reboot to apply the "
            + what + ", and a Kubernetes upgrade step never reboots: " + Actuator.withoutDiff(e.getMessage())
            + "; land the change that needs the reboot first, with kubernetesVersion unchanged");
      }
      throw e;
    }
    return new Acted("applied the " + what + ", mode " + r.mode().name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', '-'), false, "", false);
  }

  /**
   * Before the first step of an upgrade, records on the kube-system Namespace the version the
   * bootstrap manifests are at (the one the node runs), unless a version is recorded already: an
   * upgrade interrupted after its last kubelet then still knows its manifests are due, even on a
   * cluster without kube-proxy (no other object tells the version). Best effort: without the API
   * the gates of the step wait anyway.
   */
  private void recordStart(KubeImages running) {
    Optional<KubeClient> c = observer.kube().client();
    String version = running.apiServerVersion().or(running::kubeletVersion).map(Object::toString).orElse("");
    if (c.isEmpty() || version.isEmpty()) {
      return;
    }
    try {
      Optional<Map<String, Object>> ns = c.get().get("v1", "Namespace", "", "kube-system");
      Object annotations = ns.map(x -> x.get("metadata")).filter(Map.class::isInstance)
          .map(m -> ((Map<?, ?>) m).get("annotations")).orElse(null);
      if (ns.isPresent() && !(annotations instanceof Map<?, ?> am && am.get(KubeUpgradeReader.ANNOTATION) != null)) {
        c.get().annotate("v1", "Namespace", "", "kube-system", KubeUpgradeReader.ANNOTATION, version);
      }
    } catch (KubeException e) {
      observer.kube().failed(e);
    }
  }

  private Acted bootstrapManifests(Action a, NodeTarget t) {
    KubeClient client = observer.kube().client().orElseThrow(() -> new HaltException(Gate.MANIFESTS_HEALTHY,
        "the bootstrap manifests of Kubernetes " + a.detail() + " cannot be applied: no Kubernetes access ("
            + observer.kube().why() + ")"));
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String spec : secure.resourceYamls(t, "controlplane", "Manifests.kubernetes.talos.dev")) {
      objects.addAll(objects(spec));
    }
    if (objects.isEmpty()) {
      throw new HaltException(Gate.MANIFESTS_HEALTHY, a.node() + " renders no bootstrap manifests"
          + " (Manifests.kubernetes.talos.dev in namespace controlplane is empty)");
    }
    List<ResourceKey> applied = new ArrayList<>();
    for (Map<String, Object> o : objects) {
      Manifest m = manifest(o);
      try {
        client.apply(m, true);
      } catch (KubeException e) {
        observer.kube().failed(e);
        throw new HaltException(Gate.MANIFESTS_HEALTHY, "bootstrap manifest " + m.key().kind() + " "
            + (m.key().namespace().isEmpty() ? "" : m.key().namespace() + "/") + m.key().name()
            + " refused by the API server: " + e.getMessage());
      }
      applied.add(m.key());
    }
    try {
      client.annotate("v1", "Namespace", "", "kube-system", KubeUpgradeReader.ANNOTATION, a.detail());
    } catch (KubeException e) {
      throw new HaltException(Gate.MANIFESTS_HEALTHY, "the bootstrap manifests of Kubernetes " + a.detail()
          + " were applied, but recording it on the kube-system Namespace failed: " + e.getMessage());
    }
    return new Acted("applied " + applied.size() + " bootstrap manifests of Kubernetes " + a.detail()
        + " server-side (read from " + a.node() + ")", false, "", false, applied, false);
  }

  /**
   * The objects of one Manifest resource's spec: Talos marshals it as the list of objects; a map
   * holding {@code items}, or one object, is read too.
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(String spec) {
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      for (YNode n : YamlReader.readAll("Manifests.kubernetes.talos.dev", spec)) {
        Object v = YValues.copy(YValues.toJava(n));
        if (v instanceof Map<?, ?> m && m.get("items") instanceof List<?> items && !m.containsKey("kind")) {
          v = items;
        }
        if (v instanceof List<?> l) {
          l.stream().filter(Map.class::isInstance).forEach(x -> out.add((Map<String, Object>) x));
        } else if (v instanceof Map<?, ?> m && m.containsKey("kind")) {
          out.add((Map<String, Object>) m);
        }
      }
    } catch (RenderException e) {
      throw new HaltException(Gate.MANIFESTS_HEALTHY, "a bootstrap manifest Talos rendered is not YAML plumb can"
          + " read: " + e.getMessage());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Manifest manifest(Map<String, Object> o) {
    String apiVersion = String.valueOf(o.get("apiVersion"));
    Map<String, Object> meta = o.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    Object ns = meta.get("namespace");
    return new Manifest(new ResourceKey(group, String.valueOf(o.get("kind")), ns == null ? "" : String.valueOf(ns),
        String.valueOf(meta.get("name"))), apiVersion, o);
  }
}
