package dev.plumb.sim;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trustd services of the fleet's control planes. A worker has no CA key, so its apid
 * certificate comes from trustd on a control plane (controllers/secrets/api.go generateWorker,
 * trustd's Certificate): the worker authenticates with machine.token, must trust trustd's
 * certificate (signed by the control plane's issuing CA) through its own accepted CAs, and gets a
 * serverAuth-only certificate plus the control plane's accepted CAs, which become the CAs its apid
 * accepts client certificates from. A control plane registers here while its apid serves; the
 * worker asks the one at cluster.controlPlane.endpoint, and when that address is no simulated
 * node (a VIP or a load balancer name) any control plane that would accept it.
 */
final class SimTrustd {
  /** What trustd on one control plane signs with. */
  record Issuer(String address, SimPki.KeyedCert ca, List<X509Certificate> acceptedCas, String token) {
    @Override
    public String toString() {
      return "Issuer[" + address + "]"; // never the token
    }
  }

  /** A signed certificate and the accepted CAs trustd returned with it. */
  record Signed(SimPki.KeyedCert cert, List<X509Certificate> acceptedCas) {}

  private final Map<String, Issuer> serving = new ConcurrentHashMap<>();

  void serve(Issuer issuer) {
    serving.put(issuer.address(), issuer);
  }

  void stop(String address) {
    serving.remove(address);
  }

  /**
   * Asks trustd for a worker certificate; empty when no control plane at the endpoint answers or
   * accepts the worker, with the reason in {@code why}.
   */
  Optional<Signed> sign(MachineConfigView worker, List<X509Certificate> workerTrusts, boolean endpointIsNode,
      String fqdn, List<String> ips, List<String> dns, StringBuilder why) {
    String host = worker.controlPlaneEndpoint().map(SimTrustd::host).orElse("");
    if (host.isEmpty()) {
      why.append("no cluster.controlPlane.endpoint to reach trustd at");
      return Optional.empty();
    }
    List<Issuer> candidates = endpointIsNode
        ? Optional.ofNullable(serving.get(host)).stream().toList()
        : serving.values().stream().sorted(java.util.Comparator.comparing(Issuer::address)).toList();
    if (candidates.isEmpty()) {
      why.append("failed to sign API server CSR: no trustd answers at ").append(host).append(":50001");
      return Optional.empty();
    }
    for (Issuer i : candidates) {
      if (!workerTrusts.contains(i.ca().cert())) {
        why.setLength(0);
        why.append("failed to sign API server CSR: trustd at ").append(i.address())
            .append(": x509: certificate signed by unknown authority");
        continue;
      }
      if (!i.token().equals(worker.machineToken())) {
        why.setLength(0);
        why.append("failed to sign API server CSR: trustd at ").append(i.address())
            .append(": rpc error: code = Unauthenticated desc = authentication failed");
        continue;
      }
      SimPki.KeyedCert cert = SimPki.server(i.ca(), fqdn, ips, dns);
      return Optional.of(new Signed(cert, i.acceptedCas()));
    }
    return Optional.empty();
  }

  /** The host of an endpoint URL, without brackets around an IPv6 address. */
  static String host(String endpoint) {
    try {
      String h = URI.create(endpoint.trim()).getHost();
      return h == null ? "" : h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
