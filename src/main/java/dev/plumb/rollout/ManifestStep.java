package dev.plumb.rollout;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.kube.ApplyOptions;
import dev.plumb.kube.ApplyReport;
import dev.plumb.kube.Health;
import dev.plumb.kube.HealthChecker;
import dev.plumb.kube.Inventory;
import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.KubeApplier;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.KubeException;
import dev.plumb.kube.Manifest;
import dev.plumb.kube.Pause;
import dev.plumb.plan.ManifestWave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.KubeObject;
import dev.plumb.render.KubePolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The APPLY_MANIFESTS step: server-side apply of the cluster's objects ({@link KubeApplier}: field
 * manager plumb, Namespaces and CRDs first, waves, inventory, prune) with the cluster's
 * {@code kubernetes:} policy, then the MANIFESTS_HEALTHY gate over what it applied. Objects the API
 * server refused halt the rollout at MANIFESTS_HEALTHY, each named with the server's message.
 */
final class ManifestStep {
  private ManifestStep() {}

  /** Applies the desired objects; no client yet: {@link NotYetException} (the runner observes again). */
  static Acted apply(ClusterDesired c, KubeAccess access) {
    KubeClient client = access.client().orElseThrow(() ->
        new NotYetException("manifests wait: Kubernetes API not reachable: " + access.why()));
    KubePolicy policy = c.policy().kubernetes();
    List<Manifest> manifests = new ArrayList<>();
    Map<ResourceKey, String> digests = new LinkedHashMap<>();
    for (KubeObject o : c.objects()) {
      manifests.add(new Manifest(o.key(), o.apiVersion(), o.body().reveal()));
      digests.put(o.key(), o.sha256());
    }
    ApplyOptions options = ApplyOptions.defaults().withForce(policy.forceConflicts()).withPrune(policy.prune())
        .withCorrectDrift(policy.correctDrift());
    ApplyReport report;
    try {
      report = new KubeApplier(client, Clock.systemUTC(), Pause.SLEEP).apply(manifests, options, digests);
    } catch (KubeException e) {
      if (e.code() == 0) {
        access.failed(e);
        throw new NotYetException("manifests wait: Kubernetes API not reachable: " + e.getMessage());
      }
      throw new HaltException(Gate.MANIFESTS_HEALTHY, "manifests: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotYetException("manifests: interrupted while applying");
    }
    if (!report.ok()) {
      throw new HaltException(Gate.MANIFESTS_HEALTHY, String.join("; ", report.failures().stream()
          .map(f -> ManifestWave.name(f.key()) + ": " + f.message()).toList()));
    }
    List<ResourceKey> objects = report.applied().stream().map(ApplyReport.Applied::key).toList();
    return new Acted(summary(report), false, "", false, objects, false);
  }

  /** "2 created, 1 configured, 3 unchanged, 1 pruned". */
  static String summary(ApplyReport r) {
    Map<ApplyReport.Action, Integer> n = new LinkedHashMap<>();
    r.applied().forEach(a -> n.merge(a.action(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    n.forEach((a, count) -> parts.add(count + " " + switch (a) {
      case CREATED -> "created";
      case CONFIGURED -> "configured";
      case UNCHANGED -> "unchanged";
      case KEPT -> "drifted live and left as they are (drift: report)";
    }));
    if (!r.pruned().isEmpty()) {
      parts.add(r.pruned().size() + " pruned");
    }
    if (!r.pruneSkipped().isEmpty()) {
      parts.add(r.pruneSkipped().size() + " not pruned (" + String.join("; ", r.pruneSkipped().stream()
          .map(f -> ManifestWave.name(f.key()) + ": " + f.message()).toList()) + ")");
    }
    return "manifests applied server-side: " + (parts.isEmpty() ? "nothing to apply" : String.join(", ", parts));
  }

  /**
   * MANIFESTS_HEALTHY over the objects a step applied: every one healthy by kstatus's rules
   * ({@link HealthChecker}); one FAILED fails the gate at once, naming it and why; otherwise pending
   * names the objects still waiting.
   */
  static GateResult health(List<ResourceKey> objects, KubeAccess access) {
    Optional<KubeClient> client = access.client();
    if (client.isEmpty()) {
      return GateResult.pending("Kubernetes API not reachable: " + access.why());
    }
    if (objects.isEmpty()) {
      return GateResult.passed();
    }
    List<String> waiting = new ArrayList<>();
    try {
      Map<ResourceKey, Inventory.Entry> inventory = Inventory.read(client.get());
      for (ResourceKey k : objects) {
        Inventory.Entry e = inventory.get(k);
        String apiVersion = e != null ? e.apiVersion() : k.group().isEmpty() ? "v1" : k.group() + "/v1";
        Health h = HealthChecker.check(client.get().get(apiVersion, k.kind(), k.namespace(), k.name()).orElse(null));
        switch (h.state()) {
          case HEALTHY -> { }
          case FAILED -> {
            return GateResult.failed(ManifestWave.name(k) + " failed: " + h.reason());
          }
          default -> waiting.add(ManifestWave.name(k) + " (" + h.reason() + ")");
        }
      }
    } catch (KubeException e) {
      if (e.code() == 0) {
        access.failed(e);
      }
      return GateResult.pending("Kubernetes API did not answer: " + e.getMessage());
    }
    if (waiting.isEmpty()) {
      return GateResult.passed();
    }
    return GateResult.pending(waiting.size() + " of " + objects.size() + " objects not healthy yet: "
        + String.join("; ", waiting.subList(0, Math.min(5, waiting.size())))
        + (waiting.size() > 5 ? "; and " + (waiting.size() - 5) + " more" : ""));
  }
}
