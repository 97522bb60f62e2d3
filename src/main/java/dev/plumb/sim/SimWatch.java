package dev.plumb.sim;

import dev.plumb.talos.api.cosi.Event;
import dev.plumb.talos.api.cosi.EventType;
import dev.plumb.talos.api.cosi.Metadata;
import dev.plumb.talos.api.cosi.Resource;
import dev.plumb.talos.api.cosi.WatchRequest;
import dev.plumb.talos.api.cosi.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One COSI Watch stream, as cosi-project/runtime's state server sends it (talos-api.md §3.6): an
 * empty first response; for one id its current state (CREATED, or DESTROYED with a tombstone);
 * for a kind with bootstrap_contents every resource as CREATED, then BOOTSTRAPPED (hidden when
 * api_version is 0); then CREATED/UPDATED (with old)/DESTROYED as the node's resources change.
 * The simulator derives resources from node state, so changes are found by polling it.
 */
final class SimWatch {
  private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sim-cosi-watch");
    t.setDaemon(true);
    return t;
  });
  private static final long POLL_MILLIS = 50;

  private final SimulatedNode node;
  private final WatchRequest req;
  private final StreamObserver<WatchResponse> out;
  private final Map<String, Resource> last = new LinkedHashMap<>();
  private ScheduledFuture<?> task;

  private SimWatch(SimulatedNode node, WatchRequest req, StreamObserver<WatchResponse> out) {
    this.node = node;
    this.req = req;
    this.out = out;
  }

  /** Starts the stream; the request was already authorised. */
  static void start(SimulatedNode node, WatchRequest req, StreamObserver<WatchResponse> out) {
    if (req.hasId() && (req.getOptions().getBootstrapContents() || req.getOptions().getLabelQueryCount() > 0)) {
      throw Status.UNIMPLEMENTED.withDescription("bootstrap contents and label queries are not supported"
          + " for single resource watch").asRuntimeException();
    }
    SimWatch w = new SimWatch(node, req, out);
    w.begin();
  }

  private synchronized void begin() {
    List<Resource> now = current();
    out.onNext(WatchResponse.getDefaultInstance());
    List<Event> first = new ArrayList<>();
    if (req.hasId()) {
      first.add(now.isEmpty() ? event(EventType.DESTROYED, tombstone(), null) : event(EventType.CREATED, now.get(0), null));
    } else if (req.getOptions().getBootstrapContents() || req.getOptions().getTailEvents() != 0) {
      // No event history is kept: tail_events replays the current contents as their creation.
      now.forEach(r -> first.add(event(EventType.CREATED, r, null)));
      if (req.getOptions().getBootstrapContents() && req.getApiVersion() >= 1) {
        first.add(Event.newBuilder().setEventType(EventType.BOOTSTRAPPED).build());
      }
    }
    now.forEach(r -> last.put(r.getMetadata().getId(), r));
    send(first);
    task = POLLER.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    if (out instanceof ServerCallStreamObserver<WatchResponse> sc) {
      sc.setOnCancelHandler(this::stop);
    }
  }

  private synchronized void poll() {
    try {
      if (!node.up()) {
        stop();
        out.onError(Status.UNAVAILABLE.withDescription("error reading from server: EOF").asRuntimeException());
        return;
      }
      send(changes(current()));
    } catch (RuntimeException e) {
      stop(); // the client went away while we were sending
    }
  }

  private List<Event> changes(List<Resource> now) {
    List<Event> events = new ArrayList<>();
    Map<String, Resource> seen = new LinkedHashMap<>();
    for (Resource r : now) {
      String id = r.getMetadata().getId();
      seen.put(id, r);
      Resource old = last.get(id);
      if (old == null) {
        events.add(event(EventType.CREATED, r, null));
      } else if (!old.getMetadata().getVersion().equals(r.getMetadata().getVersion())) {
        events.add(event(EventType.UPDATED, r, old));
      }
    }
    for (Map.Entry<String, Resource> e : last.entrySet()) {
      if (!seen.containsKey(e.getKey())) {
        events.add(event(EventType.DESTROYED, e.getValue(), null));
      }
    }
    last.clear();
    last.putAll(seen);
    return events;
  }

  private List<Resource> current() {
    List<Resource> all = SimResources.of(node, req.getType());
    if (!req.hasId()) {
      return all;
    }
    return all.stream().filter(r -> r.getMetadata().getId().equals(req.getId())).toList();
  }

  private void send(List<Event> events) {
    if (events.isEmpty()) {
      return;
    }
    if (req.getOptions().getAggregated()) {
      out.onNext(WatchResponse.newBuilder().addAllEvent(events).build());
    } else {
      events.forEach(e -> out.onNext(WatchResponse.newBuilder().addEvent(e).build()));
    }
  }

  private Resource tombstone() {
    return Resource.newBuilder().setMetadata(Metadata.newBuilder().setNamespace(req.getNamespace())
        .setType(req.getType()).setId(req.getId()).setPhase("running")).build();
  }

  private static Event event(EventType type, Resource r, Resource old) {
    Event.Builder b = Event.newBuilder().setEventType(type).setResource(r);
    return old == null ? b.build() : b.setOld(old).build();
  }

  private synchronized void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
