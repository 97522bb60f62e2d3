package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.api.machine.ImageServiceGrpc;
import dev.plumb.talos.api.machine.ImageServicePullRequest;
import dev.plumb.talos.api.machine.InstallArtifactsSource;
import dev.plumb.talos.api.machine.LifecycleServiceGrpc;
import dev.plumb.talos.api.machine.LifecycleServiceUpgradeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * machine.LifecycleService/Upgrade on the raw wire, with Talos's codes and texts
 * (siderolabs/talos internal/app/machined/internal/server/v1alpha1/lifecycle: Upgrade and
 * runInstallerContainer; the installer image must already be in the system containerd store).
 */
class LifecycleUpgradeWireIT {
  private SimHarness sim;
  private TalosChannels channels;

  @BeforeEach
  void start() {
    sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true).talosVersion("v1.13.0"));
    channels = TalosChannels.forContext(sim.fleet.clientContext(List.of("os:admin")));
  }

  @AfterEach
  void stop() {
    channels.close();
    sim.close();
  }

  private void upgrade(String image) {
    LifecycleServiceGrpc.newBlockingStub(channels.channel(sim.direct("worker-1")))
        .upgrade(LifecycleServiceUpgradeRequest.newBuilder()
            .setSource(InstallArtifactsSource.newBuilder().setImageName(image)).build())
        .forEachRemaining(r -> { });
  }

  @Test
  void anImageThatWasNeverPulledIsAnInternalError() {
    String image = "ghcr.io/siderolabs/installer:v1.13.10";
    assertThatThrownBy(() -> upgrade(image))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.getStatus().getDescription()).isEqualTo("upgrade failed: installer image \""
              + image + "\" not found in containerd store: image \"" + image + "\": not found");
        });
    assertThat(sim.fleet.node("worker-1").ledger().pulled(image)).isFalse();
  }

  @Test
  void anEmptyImageNameIsInvalid() {
    assertThatThrownBy(() -> upgrade(""))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("installer image name is required");
        });
  }

  @Test
  void aPulledImageUpgradesToTheVersionItWasBuiltAs() {
    String image = "ghcr.io/siderolabs/installer:v1.13";
    ImageServiceGrpc.newBlockingStub(channels.channel(sim.direct("worker-1")))
        .pull(ImageServicePullRequest.newBuilder().setImageRef(image).build()).forEachRemaining(r -> { });
    upgrade(image);
    sim.fleet.node("worker-1").reboot("test");
    sim.rebootAndBoot();
    assertThat(sim.fleet.node("worker-1").versionTag()).isEqualTo("v1.13.9");
  }
}
