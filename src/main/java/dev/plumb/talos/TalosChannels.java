package dev.plumb.talos;

import dev.plumb.fleet.PlumbException;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Builds and caches gRPC channels to Talos endpoints: mutual TLS from a talosconfig context, and
 * the insecure maintenance-mode connection. One channel per endpoint and mode, reused by every
 * call and closed with {@link #close()}.
 *
 * <p>TLS uses the JDK provider: the BoringSSL provider bundled with grpc-netty-shaded does not
 * negotiate Ed25519 keys, which Talos uses for its OS CA and client certificates.
 */
public final class TalosChannels implements AutoCloseable {
  /** Talos's own limit for both directions (GRPCMaxMessageSize). */
  public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

  private final SslContext secure;
  private final SslContext insecure;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  private TalosChannels(SslContext secure, SslContext insecure) {
    this.secure = secure;
    this.insecure = insecure;
  }

  /** Channels that authenticate with the context's client certificate and trust its CA. */
  public static TalosChannels forContext(TalosContext ctx) {
    if (ctx.ca() == null) {
      throw new PlumbException("talosconfig context '" + ctx.name() + "' has no 'ca'");
    }
    if (!ctx.hasIdentity()) {
      throw new PlumbException(
          "talosconfig context '" + ctx.name() + "' has no client certificate and key ('crt',"
              + " 'key'); only maintenance-mode (--insecure) calls are possible");
    }
    String where = "talosconfig context '" + ctx.name() + "'";
    List<X509Certificate> ca = Pem.certificates(ctx.ca(), where + " ca");
    List<X509Certificate> crt = Pem.certificates(ctx.crt(), where + " crt");
    PrivateKey key = Pem.privateKey(ctx.key(), where + " key");
    return new TalosChannels(mtls(ca, key, crt), insecureContext());
  }

  /** Channels built from an identity held in memory (tests, the simulator, generated configs). */
  public static TalosChannels forIdentity(
      List<X509Certificate> ca, PrivateKey key, List<X509Certificate> chain) {
    return new TalosChannels(mtls(ca, key, chain), insecureContext());
  }

  /** Channels that can only reach nodes in maintenance mode. */
  public static TalosChannels insecureOnly() {
    return new TalosChannels(null, insecureContext());
  }

  /** The channel for the target's endpoint, created on first use. */
  public ManagedChannel channel(NodeTarget target) {
    if (!target.insecure() && secure == null) {
      throw new PlumbException(
          "no client certificate configured: cannot reach " + target.label() + " over mTLS");
    }
    String key = (target.insecure() ? "insecure/" : "mtls/") + target.endpoint().authority();
    return channels.computeIfAbsent(key, k -> open(target));
  }

  private ManagedChannel open(NodeTarget target) {
    Endpoint ep = target.endpoint();
    return NettyChannelBuilder.forAddress(ep.host(), ep.port())
        .sslContext(target.insecure() ? insecure : secure)
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .build();
  }

  /**
   * Forgets and closes the channel of one endpoint. Called after a connection-level failure: a
   * gRPC channel that failed to connect keeps failing calls with its last error while it backs
   * off, and plumb wants every observation to be a fresh attempt.
   */
  public void evict(NodeTarget target) {
    String key = (target.insecure() ? "insecure/" : "mtls/") + target.endpoint().authority();
    ManagedChannel ch = channels.remove(key);
    if (ch != null) {
      ch.shutdownNow();
    }
  }

  @Override
  public void close() {
    for (ManagedChannel ch : channels.values()) {
      ch.shutdown();
    }
    for (ManagedChannel ch : channels.values()) {
      try {
        if (!ch.awaitTermination(2, TimeUnit.SECONDS)) {
          ch.shutdownNow();
        }
      } catch (InterruptedException e) {
        ch.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    channels.clear();
  }

  private static SslContext mtls(
      List<X509Certificate> ca, PrivateKey key, List<X509Certificate> chain) {
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
          .keyManager(key, chain.toArray(X509Certificate[]::new))
          .trustManager(ca.toArray(X509Certificate[]::new))
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (SSLException e) {
      throw new PlumbException("cannot build the TLS client context: " + e.getMessage(), e);
    }
  }

  private static SslContext insecureContext() {
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (SSLException e) {
      throw new PlumbException("cannot build the maintenance TLS context: " + e.getMessage(), e);
    }
  }
}
