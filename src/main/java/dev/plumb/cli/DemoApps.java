package dev.plumb.cli;

import dev.plumb.kube.Fabric8KubeClient;
import dev.plumb.kube.Health;
import dev.plumb.kube.HealthChecker;
import dev.plumb.kube.KubeClient;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.KubeObject;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.sim.SimKube;
import dev.plumb.source.JGitSource;

/** What {@code plumb demo} shows of the cluster's apps once it converged: each object as the API server has it. */
final class DemoApps {
  private DemoApps() {}

  static void report(JGitSource source, SopsDecryptor sops, SimKube kube, String talconfig) {
    ClusterDesired desired = new ClusterRenderer(source.fetch().tree(), sops).render(talconfig,
        ClusterRenderer.Options.defaults());
    try (KubeClient client = Fabric8KubeClient.fromKubeconfig(kube.kubeconfig())) {
      for (KubeObject o : desired.objects()) {
        Health h = HealthChecker.check(client.get(o.apiVersion(), o.key().kind(), o.key().namespace(),
            o.key().name()).orElse(null));
        System.out.printf("apps: %s %s%s (%s)%n", o.key(), h.state().name().toLowerCase(java.util.Locale.ROOT),
            h.reason().isEmpty() ? "" : ": " + h.reason(), o.source());
      }
    }
  }
}
