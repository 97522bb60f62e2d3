package dev.plumb.kube;

import dev.plumb.fleet.PlumbException;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The real {@link KubeAccess} of one cluster: a client built from a kubeconfig that plumb's config
 * names ({@link #configured}), or else that the cluster's Talos API hands out ({@link #talos}: the
 * Kubeconfig call of a control plane that answers). The kubeconfig stays in memory: it is never
 * written to disk, logged or put in a message (it holds a client key).
 *
 * <p>The client is kept until a call through it fails to reach the API server ({@link #failed});
 * then the next {@link #client} builds it again, fetching the kubeconfig anew (a rotated
 * certificate, an API server that moved). Fetches are at most one per {@link #RETRY}, so a cluster
 * whose API server is not up yet is not asked for a kubeconfig on every observation.
 */
public final class TalosKubeAccess implements KubeAccess {
  /** The least time between two fetches of the kubeconfig. */
  public static final Duration RETRY = Duration.ofSeconds(10);

  private final Supplier<byte[]> source;
  private final Function<byte[], KubeClient> factory;
  private final InstantSource clock;
  private final Duration retry;
  private KubeClient client;
  private String why = "not connected yet";
  private Instant lastFetch;
  private boolean closed;

  /**
   * {@code source} gives the kubeconfig bytes or throws a {@link PlumbException} saying why not;
   * {@code factory} builds a client from them (a {@link KubeException} when they do not parse).
   */
  public TalosKubeAccess(Supplier<byte[]> source, Function<byte[], KubeClient> factory, InstantSource clock,
      Duration retry) {
    this.source = source;
    this.factory = factory;
    this.clock = clock;
    this.retry = retry;
  }

  /** From a kubeconfig plumb's config names ({@code origin}: the file, for messages), already read into memory. */
  public static TalosKubeAccess configured(byte[] kubeconfig, String origin, InstantSource clock) {
    byte[] held = kubeconfig.clone();
    return new TalosKubeAccess(() -> held, bytes -> {
      try {
        return Fabric8KubeClient.fromKubeconfig(bytes);
      } catch (KubeException e) {
        throw new KubeException(0, "the kubeconfig " + origin + " is not usable: " + e.getMessage());
      }
    }, clock, RETRY);
  }

  /**
   * Fetched with the Talos Kubeconfig call from the first of {@code controlPlanes} (the control
   * planes that answered the last observation) that gives one.
   */
  public static TalosKubeAccess talos(TalosClient talos, Supplier<List<NodeTarget>> controlPlanes,
      InstantSource clock) {
    return new TalosKubeAccess(() -> fetch(talos, controlPlanes.get()), Fabric8KubeClient::fromKubeconfig, clock,
        RETRY);
  }

  static byte[] fetch(TalosClient talos, List<NodeTarget> controlPlanes) {
    if (controlPlanes.isEmpty()) {
      throw new NothingAsked("no control plane answers over the Talos API yet (the kubeconfig is fetched from one)");
    }
    List<String> errors = new ArrayList<>();
    for (NodeTarget t : controlPlanes) {
      try {
        return talos.kubeconfig(t);
      } catch (TalosException e) {
        errors.add(e.getMessage());
      }
    }
    throw new PlumbException("no control plane gave a kubeconfig over the Talos API: " + String.join("; ", errors));
  }

  @Override
  public synchronized Optional<KubeClient> client() {
    if (closed) {
      return Optional.empty();
    }
    if (client != null) {
      return Optional.of(client);
    }
    Instant now = clock.instant();
    if (lastFetch != null && now.isBefore(lastFetch.plus(retry))) {
      return Optional.empty();
    }
    lastFetch = now;
    try {
      client = factory.apply(source.get());
      why = "";
    } catch (NothingAsked e) {
      // no call was made: ask as soon as a control plane answers (right after a bring-up's bootstrap)
      why = e.getMessage();
      lastFetch = null;
    } catch (PlumbException e) {
      why = e.getMessage();
    }
    return Optional.ofNullable(client);
  }

  @Override
  public synchronized String why() {
    if (closed) {
      return "Kubernetes access closed";
    }
    if (client != null) {
      return "";
    }
    if (lastFetch == null) {
      return why;
    }
    long wait = Duration.between(clock.instant(), lastFetch.plus(retry)).toSeconds();
    return wait > 0 ? why + " (trying again in " + wait + "s)" : why;
  }

  /**
   * Drops the client when the API server was not reached (code 0) or refused its credentials
   * (401): the next {@link #client} fetches the kubeconfig again, rate-limited. Other refusals are
   * about the request, not the client.
   */
  @Override
  public synchronized void failed(KubeException e) {
    if (client == null || (e.code() != 0 && e.code() != 401)) {
      return;
    }
    KubeClient gone = client;
    client = null;
    why = "the Kubernetes API did not answer: " + e.getMessage();
    gone.close();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /** No control plane to ask: nothing was called, so nothing is rate-limited. */
  private static final class NothingAsked extends PlumbException {
    NothingAsked(String message) {
      super(message);
    }
  }
}
