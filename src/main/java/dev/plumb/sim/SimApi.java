package dev.plumb.sim;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.plumb.talos.api.common.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What apid does before a call reaches machined (apid/pkg/director): routing by {@code node}
 * (one-to-one, the answer or the error passed through as is) or {@code nodes} (one-to-many,
 * answers merged with per-node metadata and failures reported in-band), no routing in maintenance
 * mode, and the target node's injected faults. Only a control plane's apid forwards (it alone
 * holds a client certificate, apid/pkg/provider ClientConfig): a worker serves a target that is
 * itself and refuses any other with "no request forwarding".
 */
final class SimApi {
  private final SimulatedNode self;
  private final SimulatedFleet fleet;

  SimApi(SimulatedNode self, SimulatedFleet fleet) {
    this.self = self;
    this.fleet = fleet;
  }

  /** A unary call; {@code machineService} false marks a COSI call, which is never fanned out. */
  <R extends Message> void unary(String method, StreamObserver<R> out, R proto,
      boolean machineService, BiFunction<SimulatedNode, Caller, R> handler) {
    Caller caller = Caller.current();
    try {
      List<String> many = oneToMany(caller, !machineService);
      if (many != null) {
        out.onNext(fanOut(many, caller, proto, handler));
        out.onCompleted();
        return;
      }
      SimulatedNode target = oneToOne(caller);
      deliver(target, out, () -> {
        failIfFaulted(target);
        return handler.apply(target, caller);
      });
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  /** A server-streaming call: to one node, or to many with each message tagged by its node. */
  <R> void stream(StreamObserver<R> out, BiFunction<SimulatedNode, Caller, List<R>> handler) {
    Caller caller = Caller.current();
    try {
      List<String> many = oneToMany(caller, false);
      if (many != null) {
        List<R> merged = new ArrayList<>();
        for (String t : many) {
          merged.addAll(streamFrom(t, caller, handler));
        }
        merged.forEach(out::onNext);
        out.onCompleted();
        return;
      }
      SimulatedNode target = oneToOne(caller);
      deliverAll(target, out, () -> {
        failIfFaulted(target);
        return handler.apply(target, caller);
      });
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  /** The node a server-streaming call is routed to, as {@link #stream} routes it one-to-one. */
  SimulatedNode streamTarget(Caller caller) {
    if (oneToMany(caller, true) != null) {
      throw Status.INVALID_ARGUMENT.withDescription("one-2-many proxying is not supported for COSI methods")
          .asRuntimeException();
    }
    return oneToOne(caller);
  }

  /** Whether apid here forwards calls to other nodes: only with a client certificate, on a control plane. */
  private boolean forwards() {
    return self.controlPlane();
  }

  /** director.go IsLocalTarget: the node's addresses, its hostname and FQDN. */
  private boolean local(String target) {
    String h = self.hostname();
    return target.equals(self.address()) || target.equals(h) || target.equals(h.split("\\.", 2)[0]);
  }

  /** The targets of a one-to-many call, or null for a one-to-one call (director.go Director). */
  private List<String> oneToMany(Caller c, boolean cosi) {
    if (self.maintenance()) {
      return null;
    }
    if (c.node().size() > 1) {
      throw Status.INVALID_ARGUMENT.withDescription("node metadata must be single-valued").asRuntimeException();
    }
    List<String> nodes = c.nodes();
    if (nodes.isEmpty() || !forwards() && nodes.size() == 1 && local(nodes.get(0))) {
      return null;
    }
    if (cosi || c.cosi()) {
      throw Status.INVALID_ARGUMENT.withDescription("one-2-many proxying is not supported for COSI methods")
          .asRuntimeException();
    }
    if (!forwards()) {
      throw Status.PERMISSION_DENIED.withDescription("no request forwarding").asRuntimeException();
    }
    return nodes;
  }

  /** The node a one-to-one call goes to. */
  private SimulatedNode oneToOne(Caller c) {
    if (self.maintenance() || c.node().isEmpty() || !forwards() && local(c.node().get(0))) {
      return self;
    }
    if (!forwards()) {
      throw Status.PERMISSION_DENIED.withDescription("no request forwarding").asRuntimeException();
    }
    return reach(c.node().get(0));
  }

  /** machined on a node with the in-band-error fault fails the call; apid passes that on. */
  private static void failIfFaulted(SimulatedNode n) {
    if (n.fault(Fault.Kind.IN_BAND_ERROR).isPresent()) {
      throw Status.UNKNOWN.withDescription("simulated failure on node " + n.name()).asRuntimeException();
    }
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

  private <R extends Message> R fanOut(List<String> targets, Caller caller, R proto,
      BiFunction<SimulatedNode, Caller, R> handler) {
    Message.Builder merged = proto.newBuilderForType();
    FieldDescriptor messages = merged.getDescriptorForType().findFieldByName("messages");
    for (String t : targets) {
      R part;
      try {
        SimulatedNode n = reach(t);
        failIfFaulted(n);
        part = handler.apply(n, caller);
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

  /** One node's part of a one-to-many stream: its messages tagged, or one message with its error. */
  @SuppressWarnings("unchecked")
  private <R> List<R> streamFrom(String t, Caller caller, BiFunction<SimulatedNode, Caller, List<R>> handler) {
    try {
      SimulatedNode n = reach(t);
      failIfFaulted(n);
      List<R> out = new ArrayList<>();
      for (R item : handler.apply(n, caller)) {
        out.add(item instanceof Message m && m.getDescriptorForType().findFieldByName("metadata") != null
            ? (R) withHostname(m, t) : item);
      }
      return out;
    } catch (StatusRuntimeException e) {
      if (!(caller.responsePrototype() instanceof Message proto)
          || proto.getDescriptorForType().findFieldByName("metadata") == null) {
        throw e;
      }
      Message.Builder el = proto.newBuilderForType();
      el.setField(el.getDescriptorForType().findFieldByName("metadata"), errorMetadata(t, e.getStatus()));
      return List.of((R) el.build());
    }
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
    el.setField(el.getDescriptorForType().findFieldByName("metadata"), errorMetadata(host, status));
    b.addRepeatedField(messages, el.build());
    @SuppressWarnings("unchecked")
    R r = (R) b.build();
    return r;
  }

  /** apid's BuildError: the node, Go's text of the error and its status. */
  private static Metadata errorMetadata(String host, Status status) {
    return Metadata.newBuilder().setHostname(host)
        .setError("rpc error: code = " + goCode(status.getCode()) + " desc = " + status.getDescription())
        .setStatus(dev.plumb.talos.api.rpc.Status.newBuilder().setCode(status.getCode().value())
            .setMessage(String.valueOf(status.getDescription())))
        .build();
  }

  /** The name Go's codes.Code String() gives: Unavailable, PermissionDenied, ... */
  private static String goCode(Status.Code code) {
    StringBuilder sb = new StringBuilder();
    for (String part : code.name().split("_")) {
      sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return code == Status.Code.OK ? "OK" : code == Status.Code.CANCELLED ? "Canceled" : sb.toString();
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
