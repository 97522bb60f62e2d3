package dev.plumb.fleet;

import java.util.Objects;

/** A Kubernetes object's identity, as gitops-engine keys it: group, kind, namespace, name. */
public record ResourceKey(String group, String kind, String namespace, String name) {
  public ResourceKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    group = group == null ? "" : group;
    namespace = namespace == null ? "" : namespace;
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "" : group + "/") + kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
