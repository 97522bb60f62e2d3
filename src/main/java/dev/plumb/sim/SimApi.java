package dev.plumb.sim;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.plumb.talos.api.common.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What apid does before a call reaches machined: routing by {@code node} (one-to-one, answer
 * passed through) or {@code nodes} (one-to-many, answers merged with per-node metadata and
 * in-band errors), no routing in maintenance mode, and the target node's injected faults.
 */
final class SimApi {
  private final SimulatedNode self;
  private final SimulatedFleet fleet;

  SimApi(SimulatedNode self, SimulatedFleet fleet) {
    this.self = self;
    this.fleet = fleet;
  }

  /** A unary call; {@code machineService} calls may be fanned out with {@code nodes}. */
  <R extends Message> void unary(String method, StreamObserver<R> out, R proto,
      boolean machineService, BiFunction<SimulatedNode, Caller, R> handler) {
    Caller caller = Caller.current();
    try {
      if (!self.maintenance() && !caller.nodes().isEmpty()) {
        if (!machineService) {
          throw Status.INVALID_ARGUMENT.withDescription(
              "one-2-many proxying is not supported for method /" + method).asRuntimeException();
        }
        out.onNext(fanOut(caller, proto, handler));
        out.onCompleted();
        return;
      }
      SimulatedNode target = target(caller);
      deliver(target, out, () -> {
        if (machineService && target.fault(Fault.Kind.IN_BAND_ERROR).isPresent()) {
          return errorResponse(proto, target.address(), Status.UNKNOWN.withDescription(
              "simulated failure on node " + target.name()));
        }
        return handler.apply(target, caller);
      });
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  /** A server-streaming call to one node. */
  <R> void stream(StreamObserver<R> out, BiFunction<SimulatedNode, Caller, List<R>> handler) {
    Caller caller = Caller.current();
    try {
      if (!self.maintenance() && !caller.nodes().isEmpty()) {
        throw Status.INVALID_ARGUMENT.withDescription(
            "one-2-many proxying is not supported for this method").asRuntimeException();
      }
      SimulatedNode target = target(caller);
      deliverAll(target, out, () -> handler.apply(target, caller));
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  /** The node a server-streaming call is routed to, as {@link #stream} routes it. */
  SimulatedNode streamTarget(Caller caller) {
    if (!self.maintenance() && !caller.nodes().isEmpty()) {
      throw Status.INVALID_ARGUMENT.withDescription(
          "one-2-many proxying is not supported for this method").asRuntimeException();
    }
    return target(caller);
  }

  private SimulatedNode target(Caller caller) {
    if (self.maintenance() || caller.node().isEmpty()) {
      return self;
    }
    if (caller.node().size() > 1) {
      throw Status.INVALID_ARGUMENT.withDescription("node metadata must be single-valued")
          .asRuntimeException();
    }
    return reach(caller.node().get(0));
  }

  /** The node apid would dial for a target string, or the error it would get. */
  private SimulatedNode reach(String target) {
    if (target.contains(":") && !target.contains("::") && target.indexOf(':') == target.lastIndexOf(':')) {
      throw Status.INVALID_ARGUMENT.withDescription("invalid target \"" + target + "\"").asRuntimeException();
    }
    SimulatedNode n = fleet.byAddress(target).orElseThrow(() -> Status.UNAVAILABLE.withDescription(
        "connection error: desc = \"transport: Error while dialing: dial tcp " + target
            + ":50000: connect: no route to host\"").asRuntimeException());
    if (n == self) {
      return n;
    }
    if (!n.up()) {
      throw Status.UNAVAILABLE.withDescription("connection error: desc = \"transport: Error while"
          + " dialing: dial tcp " + target + ":50000: connect: connection refused\"").asRuntimeException();
    }
    if (n.maintenance() || !n.clusterName().equals(self.clusterName())) {
      throw Status.UNAVAILABLE.withDescription("connection error: desc = \"transport: authentication"
          + " handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown"
          + " authority\"").asRuntimeException();
    }
    return n;
  }

  private <R extends Message> R fanOut(Caller caller, R proto,
      BiFunction<SimulatedNode, Caller, R> handler) {
    Message.Builder merged = proto.newBuilderForType();
    FieldDescriptor messages = merged.getDescriptorForType().findFieldByName("messages");
    for (String t : caller.nodes()) {
      R part;
      try {
        SimulatedNode n = reach(t);
        part = n.fault(Fault.Kind.IN_BAND_ERROR).isPresent()
            ? errorResponse(proto, t, Status.UNKNOWN.withDescription("simulated failure on node " + n.name()))
            : handler.apply(n, caller);
      } catch (StatusRuntimeException e) {
        part = errorResponse(proto, t, e.getStatus());
      }
      for (Object el : (List<?>) part.getField(messages)) {
        merged.addRepeatedField(messages, withHostname((Message) el, t));
      }
    }
    @SuppressWarnings("unchecked")
    R r = (R) merged.build();
    return r;
  }

  private static Message withHostname(Message el, String host) {
    FieldDescriptor mdField = el.getDescriptorForType().findFieldByName("metadata");
    Metadata md = ((Metadata) el.getField(mdField)).toBuilder().setHostname(host).build();
    return el.toBuilder().setField(mdField, md).build();
  }

  /** A response whose only element carries the error, as apid writes it for a failed backend. */
  static <R extends Message> R errorResponse(R proto, String host, Status status) {
    Message.Builder b = proto.newBuilderForType();
    FieldDescriptor messages = b.getDescriptorForType().findFieldByName("messages");
    Message.Builder el = b.newBuilderForField(messages);
    String text = "rpc error: code = " + status.getCode() + " desc = " + status.getDescription();
    el.setField(el.getDescriptorForType().findFieldByName("metadata"), Metadata.newBuilder()
        .setHostname(host).setError(text)
        .setStatus(dev.plumb.talos.api.rpc.Status.newBuilder().setCode(status.getCode().value())
            .setMessage(String.valueOf(status.getDescription())))
        .build());
    b.addRepeatedField(messages, el.build());
    @SuppressWarnings("unchecked")
    R r = (R) b.build();
    return r;
  }

  private <R> void deliver(SimulatedNode target, StreamObserver<R> out, java.util.function.Supplier<R> answer) {
    deliverAll(target, out, () -> List.of(answer.get()));
  }

  private <R> void deliverAll(SimulatedNode target, StreamObserver<R> out,
      java.util.function.Supplier<List<R>> answer) {
    if (target.fault(Fault.Kind.HANG).isPresent()) {
      return; // never answered; the client's deadline ends the call
    }
    var slow = target.fault(Fault.Kind.SLOW);
    List<R> items = answer.get();
    Runnable send = () -> {
      if (out instanceof ServerCallStreamObserver<R> sc && sc.isCancelled()) {
        return;
      }
      try {
        items.forEach(out::onNext);
        out.onCompleted();
      } catch (RuntimeException e) {
        // the call was cancelled while we waited
      }
    };
    if (slow.isPresent()) {
      target.clock().schedule(slow.get().duration(), send);
    } else {
      send.run();
    }
  }

  static void require(Caller c, String... roles) {
    if (!c.has(roles)) {
      throw Status.PERMISSION_DENIED.withDescription("not authorized").asRuntimeException();
    }
  }
}
