package dev.plumb.render;

import dev.plumb.render.apps.AppRenderer;
import dev.plumb.render.sops.SopsDecryptor;
import java.util.List;

/**
 * The Kubernetes objects of a cluster: {@code clusters/<name>/plumb.yaml} lists {@code apps}, and
 * each app folder is rendered by {@link AppRenderer} (plain YAML documents, or a kustomization).
 */
public final class KubeManifests {
  private KubeManifests() {}

  /** The objects of the given apps (folders under apps/); {@code policyFile} names plumb.yaml in errors. */
  public static List<KubeObject> load(FileTree tree, List<String> apps, String policyFile, SopsDecryptor sops) {
    return AppRenderer.render(tree, apps, policyFile, sops).objects();
  }
}
