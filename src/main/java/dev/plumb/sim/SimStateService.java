package dev.plumb.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.plumb.talos.api.cosi.GetRequest;
import dev.plumb.talos.api.cosi.GetResponse;
import dev.plumb.talos.api.cosi.ListRequest;
import dev.plumb.talos.api.cosi.ListResponse;
import dev.plumb.talos.api.cosi.Resource;
import dev.plumb.talos.api.cosi.StateGrpc;
import dev.plumb.talos.api.cosi.WatchRequest;
import dev.plumb.talos.api.cosi.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * cosi.resource.State, read-only as on Talos: Get and List of the resources plumb reads; an
 * unknown type or namespace is PermissionDenied, a sensitive type needs os:admin, a missing
 * resource is NotFound. Watch streams changes (SimWatch).
 */
final class SimStateService extends StateGrpc.StateImplBase {
  private static final Map<String, String> NAMESPACES = Map.ofEntries(
      Map.entry("MachineConfigs.config.talos.dev", "config"),
      Map.entry("MachineTypes.config.talos.dev", "config"),
      Map.entry("MachineStatuses.runtime.talos.dev", "runtime"),
      Map.entry("Versions.runtime.talos.dev", "runtime"),
      Map.entry("ExtensionStatuses.runtime.talos.dev", "runtime"),
      Map.entry("Services.v1alpha1.talos.dev", "runtime"),
      Map.entry("EtcdMembers.etcd.talos.dev", "etcd"),
      Map.entry("HostnameStatuses.net.talos.dev", "network"),
      Map.entry("SystemInformations.hardware.talos.dev", "hardware"),
      Map.entry("Nodenames.kubernetes.talos.dev", "k8s"),
      Map.entry("NodeStatuses.kubernetes.talos.dev", "k8s"),
      Map.entry(SimBootstrapManifests.TYPE, "controlplane"));
  private final SimApi api;

  SimStateService(SimApi api) {
    this.api = api;
  }

  @Override
  public void get(GetRequest req, StreamObserver<GetResponse> out) {
    api.unary("cosi.resource.State/Get", out, GetResponse.getDefaultInstance(), false, (n, c) -> {
      check(req.getNamespace(), req.getType(), c);
      for (Resource r : SimResources.of(n, req.getType())) {
        if (r.getMetadata().getId().equals(req.getId())) {
          return GetResponse.newBuilder().setResource(r).build();
        }
      }
      throw Status.NOT_FOUND.withDescription("resource " + req.getType() + "(" + req.getNamespace() + "/"
          + req.getId() + "@undefined) doesn't exist").asRuntimeException();
    });
  }

  @Override
  public void list(ListRequest req, StreamObserver<ListResponse> out) {
    api.stream(out, (n, c) -> {
      check(req.getNamespace(), req.getType(), c);
      List<ListResponse> items = new ArrayList<>();
      for (Resource r : SimResources.of(n, req.getType())) {
        items.add(ListResponse.newBuilder().setResource(r).build());
      }
      return items;
    });
  }

  @Override
  public void watch(WatchRequest req, StreamObserver<WatchResponse> out) {
    try {
      Caller c = Caller.current();
      SimulatedNode n = api.streamTarget(c);
      check(req.getNamespace(), req.getType(), c);
      SimWatch.start(n, req, out);
    } catch (io.grpc.StatusRuntimeException e) {
      out.onError(e);
    }
  }

  private static void check(String ns, String type, Caller c) {
    String want = NAMESPACES.get(type);
    if (want == null) {
      throw Status.PERMISSION_DENIED.withDescription("resource type \"" + type + "\" is not supported")
          .asRuntimeException();
    }
    if (!want.equals(ns)) {
      throw Status.PERMISSION_DENIED.withDescription("namespace \"" + ns + "\" is not supported")
          .asRuntimeException();
    }
    SimApi.require(c, "os:reader", "os:operator", "os:admin");
    if (type.equals("MachineConfigs.config.talos.dev")) {
      SimApi.require(c, "os:admin");
    }
  }

  static ByteString bytes(Message m) {
    return m.toByteString();
  }
}
