package dev.plumb.sim;

import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A fresh TLS handshake with a simulated node: what certificate it presents to a new connection. */
final class TlsProbe {
  private TlsProbe() {}

  /** The leaf certificate the listener at the address presents, over a brand-new connection. */
  static X509Certificate serverCertificate(String address, int port) throws Exception {
    X509Certificate[] seen = new X509Certificate[1];
    TrustManager capture = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen[0] = chain[0];
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {capture}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress(address, port), 5000);
      s.setSoTimeout(5000);
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(p);
      s.startHandshake();
    } catch (IOException e) {
      // the node may refuse us for lack of a client certificate after showing its own
    }
    if (seen[0] == null) {
      throw new AssertionError("no certificate presented by " + address + ":" + port);
    }
    return seen[0];
  }

  /** A client that trusts {@code serverCa} and presents a certificate from {@code clientCa} with these roles. */
  static GrpcTalosClient client(SimHarness sim, SimPki.KeyedCert serverCa, SimPki.KeyedCert clientCa,
      String... roles) {
    SimPki.KeyedCert c = SimPki.client(clientCa, List.of(roles));
    return sim.track(new GrpcTalosClient(TalosChannels.forIdentity(List.of(serverCa.cert()), c.key(),
        List.of(c.cert())), SimHarness.timeouts()));
  }

  /** Subject alternative names of a certificate as strings (IPs and DNS names alike). */
  static List<String> sans(X509Certificate c) throws Exception {
    return c.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList();
  }
}
