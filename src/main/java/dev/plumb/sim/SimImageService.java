package dev.plumb.sim;

import dev.plumb.talos.api.machine.ImageServiceGrpc;
import dev.plumb.talos.api.machine.ImageServicePullRequest;
import dev.plumb.talos.api.machine.ImageServicePullResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * machine.ImageService/Pull: records the image as present and answers with its name. An image the
 * simulated world does not hold ({@link SimImages}) fails as a registry miss does: Talos maps a
 * containerd not-found to NotFound "error pulling image: ..." (v1alpha1_images.go, ImagePull).
 */
final class SimImageService extends ImageServiceGrpc.ImageServiceImplBase {
  private final SimApi api;

  SimImageService(SimApi api) {
    this.api = api;
  }

  @Override
  public void pull(ImageServicePullRequest req, StreamObserver<ImageServicePullResponse> out) {
    api.stream(out, (n, c) -> {
      SimApi.require(c, "os:admin", "os:operator");
      if (req.getImageRef().isBlank()) {
        throw Status.INVALID_ARGUMENT.withDescription("image reference is required").asRuntimeException();
      }
      String ref = req.getImageRef();
      if (!n.fleet().spec().images().exists(ref)) {
        // the resolver's wording ("failed to resolve reference", "<ref>: not found") follows containerd
        throw Status.NOT_FOUND.withDescription("error pulling image: failed to resolve reference \"" + ref
            + "\": " + ref + ": not found").asRuntimeException();
      }
      n.ledger().markPulled(ref);
      return List.of(ImageServicePullResponse.newBuilder().setName(req.getImageRef()).build());
    });
  }
}
