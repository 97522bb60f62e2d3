package dev.plumb.sim;

import dev.plumb.talos.api.machine.LifecycleServiceGrpc;
import dev.plumb.talos.api.machine.LifecycleServiceInstallProgress;
import dev.plumb.talos.api.machine.LifecycleServiceUpgradeRequest;
import dev.plumb.talos.api.machine.LifecycleServiceUpgradeResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;

/**
 * machine.LifecycleService/Upgrade: writes the new image to the boot slot and streams progress,
 * then an exit code. It does not reboot; the new version shows after the next reboot. Checks and
 * errors in Talos's order (internal/app/machined/internal/server/v1alpha1/lifecycle: Upgrade, and
 * runInstallerContainer): not installed is FailedPrecondition, no image InvalidArgument, an image
 * missing from the system containerd store Internal "upgrade failed: installer image ... not found
 * in containerd store: ...". The version the node will boot is the one the image was built as.
 */
final class SimLifecycleService extends LifecycleServiceGrpc.LifecycleServiceImplBase {
  private final SimApi api;

  SimLifecycleService(SimApi api) {
    this.api = api;
  }

  @Override
  public void upgrade(LifecycleServiceUpgradeRequest req, StreamObserver<LifecycleServiceUpgradeResponse> out) {
    api.stream(out, (n, c) -> {
      SimApi.require(c, "os:admin");
      if (n.maintenance()) {
        throw Status.FAILED_PRECONDITION.withDescription("machine is not installed").asRuntimeException();
      }
      String image = req.getSource().getImageName();
      if (image.isEmpty()) {
        throw Status.INVALID_ARGUMENT.withDescription("installer image name is required").asRuntimeException();
      }
      Optional<String> version = n.fleet().spec().images().versionOf(image);
      if (!n.ledger().pulled(image) || version.isEmpty()) {
        // containerd's image store wraps its not-found as: image "<name>": not found
        throw Status.INTERNAL.withDescription("upgrade failed: installer image \"" + image
            + "\" not found in containerd store: image \"" + image + "\": not found").asRuntimeException();
      }
      n.stageUpgrade(image, version.get(), false);
      return List.of(progress("validating " + image), progress("installing " + image),
          progress("upgrade of " + image + " complete"), exit(0));
    });
  }

  private static LifecycleServiceUpgradeResponse progress(String msg) {
    return LifecycleServiceUpgradeResponse.newBuilder()
        .setProgress(LifecycleServiceInstallProgress.newBuilder().setMessage(msg)).build();
  }

  private static LifecycleServiceUpgradeResponse exit(int code) {
    return LifecycleServiceUpgradeResponse.newBuilder()
        .setProgress(LifecycleServiceInstallProgress.newBuilder().setExitCode(code)).build();
  }
}
