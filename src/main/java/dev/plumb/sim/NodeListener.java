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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Talos API listener of one simulated node on its loopback address. In maintenance mode it
 * serves TLS with a self-signed maintenance certificate and asks for no client certificate; with a
 * config it serves mutual TLS with a certificate from the config's OS CA and accepts only client
 * certificates from that CA whose ExtKeyUsage is exactly clientAuth.
 */
final class NodeListener {
  private static final Logger LOG = LoggerFactory.getLogger(NodeListener.class);
  private final SimulatedNode node;
  private final SimulatedFleet fleet;
  private Server server;
  private SimPki.KeyedCert maintenanceCert;
  private String servedIdentity = "";
  private SslContext servedTls;

  NodeListener(SimulatedNode node, SimulatedFleet fleet) {
    this.node = node;
    this.fleet = fleet;
  }

  synchronized boolean serving() {
    return server != null;
  }

  synchronized void start() {
    if (server != null) {
      return;
    }
    boolean maintenance = node.maintenance();
    try {
      SslContext tls = maintenance ? maintenanceTls() : configuredTls();
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
    } catch (IOException e) {
      server = null;
      throw new IllegalStateException("cannot listen on " + node.address() + ":" + fleet.port()
          + ": " + e.getMessage(), e);
    }
  }

  synchronized void stop() {
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

  /** A new boot: the maintenance CA is made again (controllers/secrets/maintenance_root.go keeps it in memory). */
  synchronized void forgetMaintenanceIdentity() {
    maintenanceCert = null;
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

  private SslContext configuredTls() throws SSLException {
    MachineConfigView cfg = node.activeConfig().orElseThrow();
    // the apid certificate survives a reboot as long as the OS CA and the names stay the same
    String identity = cfg.caCertPem().orElse("") + "|" + cfg.certSans() + "|" + node.hostname() + "|" + node.address();
    if (identity.equals(servedIdentity) && servedTls != null) {
      return servedTls;
    }
    SimPki.KeyedCert ca = fleet.authorityFor(cfg);
    // controllers/secrets/api_cert_sans.go: machine.certSANs, the node addresses, hostname and FQDN
    List<String> ips = new ArrayList<>();
    List<String> dns = new ArrayList<>();
    for (String san : cfg.certSans()) {
      (san.matches("[0-9.]+|.*:.*") ? ips : dns).add(san);
    }
    ips.addAll(List.of(node.address(), "127.0.0.1"));
    hostnameNames(node.hostname()).stream().filter(n -> !dns.contains(n)).forEach(dns::add);
    SimPki.KeyedCert cert = SimPki.server(ca, node.hostname(), ips, dns);
    LOG.debug("node {} serves mTLS for cluster {}", node.name(), cfg.clusterName());
    servedTls = GrpcSslContexts.configure(SslContextBuilder.forServer(cert.key(), cert.cert()), SslProvider.JDK)
        .trustManager(StrictClientTrust.trusting(List.of(cfg.caCert().orElseThrow())))
        .clientAuth(ClientAuth.REQUIRE)
        .protocols("TLSv1.3", "TLSv1.2")
        .build();
    servedIdentity = identity;
    return servedTls;
  }
}
