package dev.plumb.sim;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Talos API listener of one simulated node on its loopback address. In maintenance mode it
 * serves TLS with a maintenance certificate and asks for no client certificate. With a config it
 * is apid: mutual TLS with the certificate {@link ApidIdentity} makes, accepting client
 * certificates from the accepted CAs whose ExtKeyUsage is exactly clientAuth. apid watches its
 * certificates (apid/pkg/provider), so a config change swaps them for new handshakes without
 * touching the listener; and apid waits for its first certificate before it listens at all (a
 * worker whose trustd does not answer is not reachable: connection refused).
 */
final class NodeListener {
  private static final Logger LOG = LoggerFactory.getLogger(NodeListener.class);
  private final SimulatedNode node;
  private final SimulatedFleet fleet;
  private final ApidKeyManager keys = new ApidKeyManager();
  private final StrictClientTrust trust = StrictClientTrust.trusting(List.of());
  private Server server;
  private boolean servingMaintenance;
  private SimPki.KeyedCert maintenanceCert;
  private SslContext apidTls;
  private ApidIdentity.Served served;
  private String waiting = "";

  NodeListener(SimulatedNode node, SimulatedFleet fleet) {
    this.node = node;
    this.fleet = fleet;
  }

  synchronized boolean serving() {
    return server != null;
  }

  /** Why apid does not listen although the node runs with a config; empty when it is not waiting. */
  synchronized String waitingFor() {
    return waiting;
  }

  synchronized void start() {
    if (server != null) {
      return;
    }
    boolean maintenance = node.maintenance();
    try {
      SslContext tls;
      if (maintenance) {
        tls = maintenanceTls();
      } else {
        if (!refreshIdentity()) {
          return; // apid waits for secrets.API (apid/pkg/provider NewTLSConfig)
        }
        tls = apidTls();
      }
      var interceptor = Caller.interceptor(maintenance);
      var api = new SimApi(node, fleet);
      server = NettyServerBuilder.forAddress(new InetSocketAddress(node.address(), fleet.port()))
          .sslContext(tls)
          .maxInboundMessageSize(32 * 1024 * 1024)
          .addService(ServerInterceptors.intercept(new SimMachineService(api), interceptor))
          .addService(ServerInterceptors.intercept(new SimStateService(api), interceptor))
          .addService(ServerInterceptors.intercept(new SimLifecycleService(api), interceptor))
          .addService(ServerInterceptors.intercept(new SimImageService(api), interceptor))
          .build()
          .start();
      servingMaintenance = maintenance;
      if (!maintenance) {
        served.issuer().ifPresent(fleet::trustdServes);
      }
    } catch (IOException e) {
      server = null;
      throw new IllegalStateException("cannot listen on " + node.address() + ":" + fleet.port()
          + ": " + e.getMessage(), e);
    }
  }

  synchronized void stop() {
    fleet.trustdStops(node.address());
    waiting = "";
    if (server != null) {
      // stop listening at once; let answers already being sent finish (the node answers an apply
      // or reboot request, then goes down), then cut whatever is left
      server.shutdown();
      try {
        if (!server.awaitTermination(20, TimeUnit.MILLISECONDS)) {
          server.shutdownNow();
          server.awaitTermination(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  synchronized void restart() {
    if (server != null) {
      stop();
      start();
    }
  }

  /**
   * The node's active config changed. apid follows its certificates live: the listener stays, new
   * handshakes get the new certificate and accepted CAs. If Talos cannot make a certificate from
   * the new config (say an unreadable CA key), apid keeps serving the one it has.
   */
  synchronized void configChanged() {
    if (server != null && servingMaintenance) {
      restart();
    } else if (server != null) {
      refreshIdentity();
      served.issuer().ifPresentOrElse(fleet::trustdServes, () -> fleet.trustdStops(node.address()));
    } else if (!waiting.isEmpty()) {
      start();
    }
  }

  /** trustd on a control plane may answer now: apid that waits for its certificate asks again. */
  synchronized void retry() {
    if (server == null && !waiting.isEmpty()) {
      start();
    }
  }

  /** A new boot: the maintenance CA is made again (controllers/secrets/maintenance_root.go keeps it in memory), and so are apid's certificates. */
  synchronized void forgetMaintenanceIdentity() {
    maintenanceCert = null;
    served = null;
    waiting = "";
  }

  private boolean refreshIdentity() {
    StringBuilder why = new StringBuilder();
    var next = ApidIdentity.compute(node, node.activeConfig().orElseThrow(), fleet, served, why);
    if (next.isEmpty()) {
      if (served == null) {
        if (!why.toString().equals(waiting)) {
          LOG.info("node {}: apid is not up: {}", node.name(), why);
        }
        waiting = why.toString();
        return false;
      }
      LOG.warn("node {}: apid keeps its certificate: {}", node.name(), why);
      return true;
    }
    if (next.get() != served) {
      keys.serve(next.get().server());
      trust.accept(next.get().acceptedCas());
      served = next.get();
    }
    waiting = "";
    return true;
  }

  /** Built once: the key and trust managers it holds are swapped in place. */
  private SslContext apidTls() throws SSLException {
    if (apidTls == null) {
      apidTls = GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK)
          .trustManager(trust)
          .clientAuth(ClientAuth.REQUIRE)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    }
    return apidTls;
  }

  /** The certificate apid serves now, when it serves one. */
  synchronized java.util.Optional<SimPki.KeyedCert> apidCertificate() {
    return java.util.Optional.ofNullable(served).map(ApidIdentity.Served::server);
  }

  /**
   * controllers/secrets/maintenance.go and maintenance_cert_sans.go: CN
   * maintenance-service.talos.dev, SANs the node addresses, 127.0.0.1, ::1 and the hostname names,
   * serverAuth only, signed by the boot's own maintenance CA.
   */
  private SslContext maintenanceTls() throws SSLException {
    if (maintenanceCert == null) {
      SimPki.KeyedCert ca = SimPki.maintenanceCa();
      maintenanceCert = SimPki.server(ca, "maintenance-service.talos.dev", List.of(node.address(), "127.0.0.1", "::1"),
          hostnameNames(node.hostname()), org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth);
    }
    return GrpcSslContexts.configure(
            SslContextBuilder.forServer(maintenanceCert.key(), maintenanceCert.cert()), SslProvider.JDK)
        .clientAuth(ClientAuth.NONE)
        .protocols("TLSv1.3", "TLSv1.2")
        .build();
  }

  /** HostnameStatus DNSNames: the short hostname and, when it has a domain, the FQDN. */
  private static List<String> hostnameNames(String fqdn) {
    String shortName = fqdn.split("\\.", 2)[0];
    return shortName.equals(fqdn) ? List.of(fqdn) : List.of(shortName, fqdn);
  }
}
