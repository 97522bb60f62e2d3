package dev.plumb.render.apps;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.render.KubeObject;
import java.util.List;

/**
 * The Kubernetes objects a cluster should run, in render order (app order, then file and
 * document order). Bodies stay inside {@link dev.plumb.render.sops.Sensitive}; print them with
 * {@link SecretMask}.
 */
public record ManifestSet(List<KubeObject> objects) {
  public ManifestSet {
    objects = List.copyOf(objects);
  }

  public List<ResourceKey> keys() {
    return objects.stream().map(KubeObject::key).toList();
  }

  @Override
  public String toString() {
    return "ManifestSet" + keys();
  }
}
