package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.SimKube;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb apps render|diff|apply against the demo repository and a simulated Kubernetes API. */
class AppsCommandIT {
  @TempDir Path tmp;

  @Test
  void appliesTheDemoAppsThenDiffIsClean() throws Exception {
    try (SimKube sim = SimKube.start()) {
      Path kubeconfig = tmp.resolve("kubeconfig");
      Files.write(kubeconfig, sim.kubeconfig());
      String key = "--age-key-file=clusters/demo/age-key.demo-only.txt";

      CliRun render = CliRun.of("apps", "render", "demo", key);
      assertThat(render.code()).isZero();
      assertThat(render.out()).contains("kind: Deployment").contains("name: hello");

      CliRun before = CliRun.of("apps", "diff", "demo", key, "--kubeconfig", kubeconfig.toString());
      assertThat(before.code()).isEqualTo(1);
      assertThat(before.out()).contains("+ apps/Deployment/hello/hello (missing: will be created)");

      CliRun apply = CliRun.of("apps", "apply", "demo", key, "--kubeconfig", kubeconfig.toString());
      assertThat(apply.code()).as(apply.err()).isZero();
      assertThat(apply.out()).contains("Namespace/hello created").contains("apps/Deployment/hello/hello created");

      CliRun after = CliRun.of("apps", "diff", "demo", key, "--kubeconfig", kubeconfig.toString());
      assertThat(after.code()).as(after.out()).isZero();
      assertThat(after.out()).isEmpty();
    }
  }
}
