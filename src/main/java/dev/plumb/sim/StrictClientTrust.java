package dev.plumb.sim;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client-certificate check of apid: the chain must verify against the accepted CAs, and every
 * non-CA certificate in it must have ExtKeyUsage exactly [clientAuth]. The JDK alone accepts a
 * certificate with serverAuth+clientAuth, which Talos rejects, hence this wrapper. The accepted
 * CAs can change between handshakes ({@link #accept}), as apid's dynamic client CA pool does.
 */
final class StrictClientTrust extends X509ExtendedTrustManager {
  private static final List<String> CLIENT_AUTH_ONLY = List.of("1.3.6.1.5.5.7.3.2");
  private volatile X509ExtendedTrustManager delegate;

  private StrictClientTrust(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  static StrictClientTrust trusting(List<X509Certificate> cas) {
    return new StrictClientTrust(pkix(cas));
  }

  /** Accepts client certificates from these CAs from the next handshake on. */
  void accept(List<X509Certificate> cas) {
    delegate = pkix(cas);
  }

  private static X509ExtendedTrustManager pkix(List<X509Certificate> cas) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        ks.setCertificateEntry("ca" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(ks);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X509ExtendedTrustManager from PKIX");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the client trust manager", e);
    }
  }

  private static void requireClientAuthOnly(X509Certificate[] chain) throws CertificateException {
    for (X509Certificate c : chain) {
      if (c.getBasicConstraints() < 0 && !CLIENT_AUTH_ONLY.equals(c.getExtendedKeyUsage())) {
        throw new CertificateException("client certificate ExtKeyUsage must be exactly clientAuth, got "
            + c.getExtendedKeyUsage());
      }
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
    requireClientAuthOnly(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
    requireClientAuthOnly(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
    requireClientAuthOnly(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
