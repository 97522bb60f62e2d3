package dev.plumb.kube;

import dev.plumb.fleet.ResourceKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a cluster's manifests by server-side apply (field manager {@value KubeClient#FIELD_MANAGER}),
 * staged: Namespaces and CRDs first, waited for until Active / Established, then the waves of
 * {@link ApplyOrder}. An object that already holds every field plumb sets is left alone (a
 * re-apply sends nothing). Objects that depend on a failed Namespace or CRD fail at once. After a
 * successful apply the {@link Inventory} is updated and, when prune is on, objects plumb created
 * earlier that Git no longer holds are deleted, unless annotated {@value #PRUNE}: disabled.
 * Every applied object carries the label {@value #MANAGED_LABEL}.
 */
public final class KubeApplier {
  public static final String PRUNE = "plumb.dev/prune";
  public static final String MANAGED_LABEL = "plumb.dev/managed-by";
  private final KubeClient client;
  private final Clock clock;
  private final Pause pause;

  public KubeApplier(KubeClient client, Clock clock, Pause pause) {
    this.client = client;
    this.clock = clock;
    this.pause = pause;
  }

  /** Applies the manifests, records the inventory, prunes when {@code options.prune()}. */
  public ApplyReport apply(List<Manifest> manifests, ApplyOptions options) throws InterruptedException {
    return apply(manifests, options, Map.of());
  }

  /**
   * As above; {@code digests} (by the manifests' keys) are the Git content digests recorded in the
   * inventory, so that a later apply with drift {@code report} can tell Git changes from live drift.
   */
  public ApplyReport apply(List<Manifest> manifests, ApplyOptions options, Map<ResourceKey, String> digests)
      throws InterruptedException {
    List<ApplyReport.Applied> applied = new ArrayList<>();
    List<ApplyReport.Failure> failures = new ArrayList<>();
    Map<ResourceKey, Inventory.Entry> before = Inventory.read(client);
    Map<ResourceKey, Inventory.Entry> after = new LinkedHashMap<>();
    Set<String> failedNamespaces = new HashSet<>();
    Set<String> failedKinds = new HashSet<>();
    for (Manifest m : manifests) {
      try {
        ApplyOrder.wave(m);
      } catch (KubeException e) {
        failures.add(new ApplyReport.Failure(m.key(), e.getMessage()));
      }
    }
    Map<String, Scope> crdScopes = crdScopes(manifests);
    List<List<Manifest>> stages = ApplyOrder.stages(manifests);
    for (int s = 0; s < stages.size(); s++) {
      List<Manifest> applying = new ArrayList<>();
      for (Manifest raw : stages.get(s)) {
        String blocker = blocker(raw, failedNamespaces, failedKinds);
        if (blocker != null) {
          failures.add(new ApplyReport.Failure(raw.key(), blocker));
          continue;
        }
        Manifest m;
        try {
          m = normalize(raw, crdScopes);
        } catch (KubeException e) {
          failures.add(new ApplyReport.Failure(raw.key(), e.getMessage()));
          continue;
        }
        Inventory.Entry prev = before.get(m.key());
        String digest = digests.getOrDefault(raw.key(), "");
        boolean keep = !options.correctDrift() && prev != null && !digest.isEmpty() && digest.equals(prev.sha256());
        Optional<ApplyReport.Action> action = applyOne(m, options.force(), keep, failures);
        if (action.isPresent()) {
          applied.add(new ApplyReport.Applied(m.key(), action.get()));
          after.put(m.key(), new Inventory.Entry(m.apiVersion(), m.key(),
              prev != null ? prev.created() : action.get() == ApplyReport.Action.CREATED,
              digest.isEmpty() && prev != null ? prev.sha256() : digest));
          applying.add(m);
        }
      }
      if (s == 0) {
        awaitFoundation(applying, options, failures, failedNamespaces, failedKinds);
      }
    }
    // keep entries of objects whose apply failed this time: they are still plumb's
    for (ApplyReport.Failure f : failures) {
      if (before.containsKey(f.key())) {
        after.putIfAbsent(f.key(), before.get(f.key()));
      }
    }
    Set<ResourceKey> desired = new HashSet<>();
    manifests.forEach(m -> desired.add(m.key()));
    List<ResourceKey> pruned = new ArrayList<>();
    List<ApplyReport.Failure> kept = new ArrayList<>();
    if (failures.isEmpty() && options.prune()) {
      PrunePlan plan = planPrune(before, desired, after);
      for (Inventory.Entry e : plan.delete()) {
        try {
          client.delete(e.apiVersion(), e.key().kind(), e.key().namespace(), e.key().name());
          pruned.add(e.key());
        } catch (KubeException ex) {
          failures.add(new ApplyReport.Failure(e.key(), "prune: " + ex.getMessage()));
          after.put(e.key(), e);
        }
      }
      kept.addAll(plan.keep());
    } else {
      // nothing pruned: what plumb created before stays plumb's
      before.forEach(after::putIfAbsent);
    }
    Inventory.write(client, after);
    return new ApplyReport(applied, failures, pruned, kept);
  }

  /** What a prune after applying these manifests would delete (for {@code plumb plan}). */
  public PrunePlan planPrune(List<Manifest> manifests) {
    Set<ResourceKey> desired = new HashSet<>();
    manifests.forEach(m -> desired.add(m.key()));
    return planPrune(Inventory.read(client), desired, Map.of());
  }

  private PrunePlan planPrune(Map<ResourceKey, Inventory.Entry> before, Set<ResourceKey> desired,
      Map<ResourceKey, Inventory.Entry> after) {
    List<Inventory.Entry> delete = new ArrayList<>();
    List<ApplyReport.Failure> keep = new ArrayList<>();
    for (Inventory.Entry e : before.values()) {
      if (desired.contains(e.key()) || after.containsKey(e.key())) {
        continue;
      }
      Optional<Map<String, Object>> live = client.get(e.apiVersion(), e.key().kind(), e.key().namespace(),
          e.key().name());
      if (live.isEmpty()) {
        continue;
      }
      if (!e.created()) {
        keep.add(new ApplyReport.Failure(e.key(), "it existed before plumb applied it"));
      } else if ("disabled".equals(KubeMaps.string(live.get(), "metadata", "annotations", PRUNE))) {
        keep.add(new ApplyReport.Failure(e.key(), "annotated " + PRUNE + ": disabled"));
      } else if (!"plumb".equals(KubeMaps.string(live.get(), "metadata", "labels", MANAGED_LABEL))) {
        keep.add(new ApplyReport.Failure(e.key(), "it no longer carries the label " + MANAGED_LABEL + "=plumb"));
      } else {
        delete.add(e);
      }
    }
    delete.sort((a, b) -> Integer.compare(ApplyOrder.kindRank(b.key().kind()), ApplyOrder.kindRank(a.key().kind())));
    return new PrunePlan(delete, keep);
  }

  /** {@code keepDrift}: Git unchanged since the last apply and drift is only reported: leave a drifted object. */
  private Optional<ApplyReport.Action> applyOne(Manifest m, boolean force, boolean keepDrift,
      List<ApplyReport.Failure> failures) {
    try {
      Optional<Map<String, Object>> live = client.get(m.apiVersion(), m.key().kind(), m.key().namespace(),
          m.key().name());
      if (live.isPresent() && !DriftDetector.compare(m, live.get()).drifted()) {
        return Optional.of(ApplyReport.Action.UNCHANGED);
      }
      if (live.isPresent() && keepDrift) {
        return Optional.of(ApplyReport.Action.KEPT);
      }
      client.apply(m, force);
      return Optional.of(live.isPresent() ? ApplyReport.Action.CONFIGURED : ApplyReport.Action.CREATED);
    } catch (KubeException e) {
      failures.add(new ApplyReport.Failure(m.key(), e.getMessage()));
      return Optional.empty();
    }
  }

  private void awaitFoundation(List<Manifest> applied, ApplyOptions options, List<ApplyReport.Failure> failures,
      Set<String> failedNamespaces, Set<String> failedKinds) throws InterruptedException {
    Instant deadline = clock.instant().plus(options.establishTimeout());
    List<Manifest> waiting = new ArrayList<>(applied);
    while (!waiting.isEmpty()) {
      for (var it = waiting.iterator(); it.hasNext();) {
        Manifest m = it.next();
        Health h = HealthChecker.check(client.get(m.apiVersion(), m.key().kind(), "", m.key().name()).orElse(null));
        if (h.state() == Health.State.HEALTHY) {
          it.remove();
        } else if (h.state() == Health.State.FAILED) {
          it.remove();
          fail(m, h.reason(), failures, failedNamespaces, failedKinds);
        }
      }
      if (waiting.isEmpty()) {
        break;
      }
      if (!clock.instant().isBefore(deadline)) {
        for (Manifest m : waiting) {
          fail(m, "not " + (m.key().kind().equals("Namespace") ? "Active" : "Established") + " after "
              + options.establishTimeout().toSeconds() + "s", failures, failedNamespaces, failedKinds);
        }
        break;
      }
      pause.pause(options.poll());
    }
  }

  private static void fail(Manifest m, String reason, List<ApplyReport.Failure> failures, Set<String> failedNamespaces,
      Set<String> failedKinds) {
    failures.add(new ApplyReport.Failure(m.key(), reason));
    if (m.key().kind().equals("Namespace")) {
      failedNamespaces.add(m.key().name());
    } else {
      String group = KubeMaps.string(m.body(), "spec", "group");
      String kind = KubeMaps.string(m.body(), "spec", "names", "kind");
      failedKinds.add(group + "/" + kind);
    }
  }

  private static String blocker(Manifest m, Set<String> failedNamespaces, Set<String> failedKinds) {
    if (!m.key().namespace().isEmpty() && failedNamespaces.contains(m.key().namespace())) {
      return "not applied: its Namespace " + m.key().namespace() + " failed";
    }
    if (failedKinds.contains(m.key().group() + "/" + m.key().kind())) {
      return "not applied: the CustomResourceDefinition of " + m.key().kind() + " failed";
    }
    return null;
  }

  /** Kind scope from the CRDs being applied (their CRs can be checked before the CRD is served). */
  private static Map<String, Scope> crdScopes(List<Manifest> manifests) {
    Map<String, Scope> out = new LinkedHashMap<>();
    for (Manifest m : manifests) {
      if (m.key().kind().equals("CustomResourceDefinition")) {
        out.put(KubeMaps.string(m.body(), "spec", "group") + "/" + KubeMaps.string(m.body(), "spec", "names", "kind"),
            "Cluster".equals(KubeMaps.string(m.body(), "spec", "scope")) ? Scope.CLUSTER : Scope.NAMESPACED);
      }
    }
    return out;
  }

  /** The manifest with its namespace settled by scope (default for namespaced kinds) and plumb's label. */
  @SuppressWarnings("unchecked")
  private Manifest normalize(Manifest m, Map<String, Scope> crdScopes) {
    Scope scope = crdScopes.get(m.key().group() + "/" + m.key().kind());
    if (scope == null) {
      scope = client.scope(m.apiVersion(), m.key().kind());
    }
    Map<String, Object> body = deepCopy(m.body());
    Map<String, Object> meta = (Map<String, Object>) body.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
    String ns = m.key().namespace();
    if (scope == Scope.CLUSTER) {
      meta.remove("namespace");
      ns = "";
    } else if (ns.isEmpty()) {
      ns = "default";
      meta.put("namespace", ns);
    }
    Map<String, Object> labels = meta.get("labels") instanceof Map<?, ?> l
        ? new LinkedHashMap<>((Map<String, Object>) l) : new LinkedHashMap<>();
    labels.put(MANAGED_LABEL, "plumb");
    meta.put("labels", labels);
    return new Manifest(new ResourceKey(m.key().group(), m.key().kind(), ns, m.key().name()), m.apiVersion(), body);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> mm ? deepCopy((Map<String, Object>) mm)
        : v instanceof List<?> l ? l.stream().map(x -> x instanceof Map<?, ?> xm ? deepCopy((Map<String, Object>) xm)
            : x).toList() : v));
    return out;
  }
}
