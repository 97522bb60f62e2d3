package dev.plumb.plan;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.kube.Drift;
import dev.plumb.observe.KubeLive;
import dev.plumb.observe.LiveState;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.KubeObject;
import dev.plumb.render.KubePolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's manifests in the plan (issue 9): one wave "manifests" with one APPLY_MANIFESTS
 * action, after every node wave. The runner acts on the first wave only and plans again, so the
 * manifests go out once the nodes are done: a CRD an extension brings waits for the node change
 * that brings it. One drift line per object ({@code + kind ns/name (missing)}, {@code ~ kind
 * ns/name: field paths}), never a value. Prune is on by default ({@code kubernetes.prune}); the
 * notes say which way and what it would delete. With {@code kubernetes.drift: report}, an object
 * whose Git content is what plumb last applied (the inventory's digest) but that drifted live is
 * reported, not re-applied. An unreachable API never holds node waves back (the manifests wave
 * is still shown after them); without node waves the manifests are noted as not applied yet and
 * the next reconcile that reaches the API applies them: the plan does not wait, so a cluster whose
 * API is down still reports its nodes converged (the note says what is left).
 */
public final class ManifestWave {
  public static final String NAME = "manifests";
  /**
   * The details of a Kubernetes view that was not asked for at all (no access: {@code LiveState}
   * without a view, an observer without {@code withKube}): the manifests are noted, not waited for.
   */
  static final java.util.Set<String> NOT_OBSERVED = java.util.Set.of("not observed", "no Kubernetes access");

  private ManifestWave() {}

  /** The plan with the manifests part added (wave, drift lines, notes, or the wait for the API). */
  public static Plan extend(Plan p, ClusterDesired desired, LiveState live) {
    KubeLive k = live.kube();
    List<KubeObject> objects = desired.objects();
    if (objects.isEmpty() && k.prune().delete().isEmpty()) {
      return p;
    }
    KubePolicy policy = desired.policy().kubernetes();
    List<String> drift = new ArrayList<>(p.drift());
    List<String> notes = new ArrayList<>(p.notes());
    List<Wave> waves = new ArrayList<>(p.waves());
    if (!k.reachable() && NOT_OBSERVED.contains(k.detail())) {
      notes.add("manifests: " + objects.size() + " objects, not applied: " + k.detail()
          + " (no Kubernetes access for this cluster)");
      return new Plan(p.cluster(), waves, p.waitReason(), drift, notes);
    }
    if (!k.reachable() || !k.detail().isEmpty()) {
      // unreachable, or it answered but the objects could not be compared (detail says why)
      String why = k.reachable() ? "manifests not compared: " + k.detail() : "Kubernetes API not reachable: " + k.detail();
      if (waves.isEmpty()) {
        // not a wait: the daemon is level-triggered, the next reconcile applies them once the API
        // answers; a wait would hold every reconcile of a cluster whose API is down (sync --timeout)
        notes.add("manifests: " + objects.size() + " objects not applied yet (" + why
            + "): applied at the first reconcile that reaches the API");
        return new Plan(p.cluster(), waves, p.waitReason(), drift, notes);
      }
      notes.add("manifests: " + objects.size() + " objects, not compared (" + why + ")");
      waves.add(wave(objects.size() + " objects, changes known once the API answers (after the node waves)"));
      return new Plan(p.cluster(), waves, p.waitReason(), drift, notes);
    }
    Map<ResourceKey, String> digests = digests(objects);
    int create = 0;
    int update = 0;
    int reported = 0;
    for (Drift d : k.drift()) {
      if (!d.drifted()) {
        continue;
      }
      if (d.missing()) {
        create++;
        drift.add("+ " + name(d.key()) + " (missing)");
        continue;
      }
      String paths = String.join(", ", d.fields().stream().map(Drift.Field::path).toList());
      boolean gitChanged = gitChanged(d.key(), digests, k.applied());
      if (policy.correctDrift() || gitChanged) {
        update++;
        drift.add("~ " + name(d.key()) + ": " + paths + (gitChanged ? "" : " (changed live: corrected)"));
      } else {
        reported++;
        drift.add("~ " + name(d.key()) + ": " + paths + " (changed live; kubernetes.drift: report: not corrected)");
      }
    }
    int prune = policy.prune() ? k.prune().delete().size() : 0;
    notes.add(pruneNote(policy, k));
    notes.add("drift: " + (policy.correctDrift() ? "correct (kubernetes.drift: live changes are re-applied)"
        : "report (kubernetes.drift: live changes are shown, not re-applied)")
        + (reported == 0 ? "" : "; " + reported + " object(s) drifted live and left as they are"));
    if (create + update + prune == 0) {
      return new Plan(p.cluster(), waves, p.waitReason(), drift, notes);
    }
    List<String> parts = new ArrayList<>();
    if (create > 0) {
      parts.add(create + " to create");
    }
    if (update > 0) {
      parts.add(update + " to update");
    }
    if (prune > 0) {
      parts.add(prune + " to prune");
    }
    waves.add(wave(String.join(", ", parts)));
    return new Plan(p.cluster(), waves, p.waitReason(), drift, notes);
  }

  /** kind ns/name (kind.group for a non-core group): how the plan names an object. */
  public static String name(ResourceKey k) {
    return k.kind() + (k.group().isEmpty() ? "" : "." + k.group()) + " "
        + (k.namespace().isEmpty() ? "" : k.namespace() + "/") + k.name();
  }

  private static Wave wave(String detail) {
    return new Wave(NAME, List.of(new Action(Action.Kind.APPLY_MANIFESTS, "", false, false, detail)));
  }

  private static String pruneNote(KubePolicy policy, KubeLive k) {
    String would = k.prune().render().strip().replace("\n", "; ");
    if (!policy.prune()) {
      return "prune: off (kubernetes.prune: false)" + (k.prune().delete().isEmpty() ? ""
          : ": would delete " + k.prune().delete().size() + " object(s) plumb created that Git no longer holds: " + would);
    }
    return "prune: on (kubernetes.prune, the default): deletes only what plumb created and Git no longer holds"
        + (would.isEmpty() ? "; nothing to prune" : ": " + would);
  }

  private static Map<ResourceKey, String> digests(List<KubeObject> objects) {
    Map<ResourceKey, String> out = new HashMap<>();
    objects.forEach(o -> out.put(o.key(), o.sha256()));
    return out;
  }

  /**
   * Whether Git's content of the object differs from what plumb last applied (unknown: yes). The
   * inventory keys a namespaced object without a namespace in Git under "default".
   */
  private static boolean gitChanged(ResourceKey key, Map<ResourceKey, String> digests, Map<ResourceKey, String> applied) {
    String git = digests.get(key);
    String last = applied.get(key);
    if (last == null && key.namespace().isEmpty()) {
      last = applied.get(new ResourceKey(key.group(), key.kind(), "default", key.name()));
    }
    if (git == null) {
      // the observer keyed the drift by the applied (namespaced) key: find the Git object without one
      git = digests.get(new ResourceKey(key.group(), key.kind(), "", key.name()));
    }
    return git == null || last == null || last.isEmpty() || !git.equals(last);
  }
}
