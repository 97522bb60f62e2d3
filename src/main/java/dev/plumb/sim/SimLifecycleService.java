package dev.plumb.sim;

import dev.plumb.talos.api.machine.LifecycleServiceGrpc;
import dev.plumb.talos.api.machine.LifecycleServiceInstallProgress;
import dev.plumb.talos.api.machine.LifecycleServiceUpgradeRequest;
import dev.plumb.talos.api.machine.LifecycleServiceUpgradeResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * machine.LifecycleService/Upgrade: writes the new image to the boot slot and streams progress,
 * then an exit code. It does not reboot; the new version shows after the next reboot.
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
      String image = req.getSource().getImageName();
      if (image.isBlank()) {
        throw Status.INVALID_ARGUMENT.withDescription("image name is required").asRuntimeException();
      }
      if (!n.ledger().pulled(image)) {
        return List.of(progress("image " + image + " not found in the system namespace"), exit(1));
      }
      n.stageUpgrade(image);
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
