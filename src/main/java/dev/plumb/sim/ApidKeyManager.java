package dev.plumb.sim;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server certificate apid presents, looked up at every handshake, as apid's certificate
 * provider does (apid/pkg/provider: GetCertificate reads the latest secrets.API): swapping it
 * changes what new connections see while the listener and open connections stay as they are.
 */
final class ApidKeyManager extends X509ExtendedKeyManager {
  private volatile X509ExtendedKeyManager current;

  /** Serves {@code cert} from the next handshake on. */
  void serve(SimPki.KeyedCert cert) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pass = "apid".toCharArray();
      ks.setKeyEntry("apid", cert.key(), pass, new X509Certificate[] {cert.cert()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
      kmf.init(ks, pass);
      for (KeyManager km : kmf.getKeyManagers()) {
        if (km instanceof X509ExtendedKeyManager x) {
          current = x;
          return;
        }
      }
      throw new IllegalStateException("no X509ExtendedKeyManager from SunX509");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot load the apid certificate into a key manager", e);
    }
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    X509ExtendedKeyManager km = current;
    return km == null ? null : km.chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    X509ExtendedKeyManager km = current;
    return km == null ? null : km.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    X509ExtendedKeyManager km = current;
    return km == null ? null : km.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    X509ExtendedKeyManager km = current;
    return km == null ? null : km.getPrivateKey(alias);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    X509ExtendedKeyManager km = current;
    return km == null ? null : km.getServerAliases(keyType, issuers);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null; // apid's listener presents no client certificate
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
