package dev.plumb.sim;

import dev.plumb.talos.api.machine.ImageServiceGrpc;
import dev.plumb.talos.api.machine.ImageServicePullRequest;
import dev.plumb.talos.api.machine.ImageServicePullResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** machine.ImageService/Pull: records the image as present and answers with its name. */
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
      n.ledger().markPulled(req.getImageRef());
      return List.of(ImageServicePullResponse.newBuilder().setName(req.getImageRef()).build());
    });
  }
}
