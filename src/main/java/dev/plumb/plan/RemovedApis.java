package dev.plumb.plan;

import dev.plumb.kube.KubeVersion;
import dev.plumb.kube.RemovedKinds;
import dev.plumb.observe.KubeUpgradeView;
import dev.plumb.render.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The removed-API pre-check of a Kubernetes upgrade ({@link RemovedKinds} holds the table): Git's
 * app objects written against an API version the target no longer serves (named with their file),
 * and the live objects of a kind whose version the target stops serving (read by the observer
 * while an upgrade is pending, {@link KubeUpgradeView#removedInUse}). Either one stops the upgrade
 * until the object is migrated, as talosctl upgrade-k8s stops on its removed-resource check.
 */
final class RemovedApis {
  private RemovedApis() {}

  /** Every object that stops the upgrade to {@code to}, each named. */
  static List<String> blocking(List<KubeObject> git, KubeUpgradeView live, KubeVersion to) {
    List<String> out = new ArrayList<>(inGit(git, to));
    live.removedInUse().forEach(o -> out.add("live " + o));
    return out;
  }

  /** Git's objects that use an API version {@code to} does not serve, each named with its file. */
  static List<String> inGit(List<KubeObject> objects, KubeVersion to) {
    List<String> out = new ArrayList<>();
    for (KubeObject o : objects) {
      RemovedKinds.unservedAt(to, o.apiVersion(), o.key().kind()).ifPresent(r -> out.add(o.key().kind() + " "
          + (o.key().namespace().isEmpty() ? "" : o.key().namespace() + "/") + o.key().name() + " in " + o.source()
          + " uses " + r.apiVersion() + ", removed in Kubernetes 1." + r.minor() + " (use " + r.replacement() + ")"));
    }
    return out;
  }
}
