package dev.plumb.sim;

import dev.plumb.talos.Pem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What secrets.APIController gives apid on a configured node (controllers/secrets/api.go,
 * api_cert_sans.go, root.go): a server certificate with CN = the FQDN and SANs = machine.certSANs,
 * the node's addresses, its hostname and FQDN (sorted, as CertSANSpec.Sort does), serverAuth only;
 * and the CAs whose client certificates apid accepts. A control plane signs with machine.ca
 * (its key read as Talos reads it) and accepts machine.acceptedCAs plus machine.ca; a worker gets
 * both from trustd on a control plane.
 */
final class ApidIdentity {
  /** The served certificate, the accepted client CAs, and the inputs they were made from. */
  record Served(String inputs, SimPki.KeyedCert server, List<X509Certificate> acceptedCas, boolean controlPlane,
      Optional<SimTrustd.Issuer> issuer) {
    @Override
    public String toString() {
      return "Served[" + server + "]";
    }
  }

  private ApidIdentity() {}

  /**
   * The identity for {@code cfg}: {@code current} again when its inputs did not change, else a new
   * one, or empty (with the reason in {@code why}) when Talos could not make one either.
   */
  static Optional<Served> compute(SimulatedNode node, MachineConfigView cfg, SimulatedFleet fleet,
      Served current, StringBuilder why) {
    String fqdn = node.hostname();
    List<String> ips = ips(cfg.certSans(), node.address());
    List<String> dns = dnsNames(cfg.certSans(), fqdn);
    List<X509Certificate> accepted;
    try {
      accepted = accepted(cfg);
    } catch (RuntimeException e) {
      why.append("failed to parse accepted CAs: ").append(e.getMessage());
      return Optional.empty();
    }
    String inputs = cfg.machineType() + "|" + cfg.caCertPem().orElse("") + "|" + cfg.caKeyPem().orElse("") + "|"
        + cfg.acceptedCaPems() + "|" + ips + "|" + dns + "|" + cfg.machineToken() + "|"
        + cfg.controlPlaneEndpoint().orElse("");
    if (current != null && current.inputs().equals(inputs)) {
      return Optional.of(current);
    }
    if (cfg.controlPlane()) {
      PrivateKey key;
      X509Certificate caCert;
      try {
        caCert = cfg.caCert().orElseThrow(() -> new IllegalArgumentException("failed to parse PEM block"));
        key = SimCaKey.parse(cfg.caKeyPem().orElse(""));
      } catch (RuntimeException e) {
        why.append("failed to parse CA certificate: ").append(e.getMessage());
        return Optional.empty();
      }
      SimPki.KeyedCert ca = new SimPki.KeyedCert(caCert, key);
      return Optional.of(new Served(inputs, SimPki.server(ca, fqdn, ips, dns), accepted, true,
          Optional.of(new SimTrustd.Issuer(node.address(), ca, accepted, cfg.machineToken()))));
    }
    boolean endpointIsNode = cfg.controlPlaneEndpoint()
        .map(e -> fleet.byAddress(SimTrustd.host(e)).isPresent()).orElse(false);
    return fleet.trustd().sign(cfg, accepted, endpointIsNode, fqdn, ips, dns, why)
        .map(s -> new Served(inputs, s.cert(), s.acceptedCas(), false, Optional.empty()));
  }

  /** root.go: machine.acceptedCAs, then machine.ca's certificate. */
  static List<X509Certificate> accepted(MachineConfigView cfg) {
    List<X509Certificate> out = new ArrayList<>();
    for (String pem : cfg.acceptedCaPems()) {
      out.addAll(Pem.certificates(pem, "machine.acceptedCAs"));
    }
    cfg.caCert().ifPresent(out::add);
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no accepted CAs");
    }
    return out;
  }

  /** certSANs that parse as IP addresses, then the node's addresses; sorted by address bytes. */
  static List<String> ips(List<String> certSans, String nodeAddress) {
    TreeSet<InetAddress> set = new TreeSet<>((a, b) -> {
      byte[] x = a.getAddress();
      byte[] y = b.getAddress();
      return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
    });
    List<String> candidates = new ArrayList<>(certSans.stream().filter(ApidIdentity::isIp).toList());
    candidates.add(nodeAddress);
    for (String ip : candidates) {
      try {
        set.add(InetAddress.getByName(ip)); // a literal: no lookup
      } catch (UnknownHostException e) {
        // not an address after all
      }
    }
    return set.stream().map(InetAddress::getHostAddress).toList();
  }

  /** certSANs that are names, the short hostname and the FQDN; sorted, without duplicates. */
  static List<String> dnsNames(List<String> certSans, String fqdn) {
    TreeSet<String> set = new TreeSet<>(certSans.stream().filter(s -> !isIp(s)).toList());
    set.add(fqdn.split("\\.", 2)[0]);
    set.add(fqdn);
    return List.copyOf(set);
  }

  private static boolean isIp(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || s.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  }
}
