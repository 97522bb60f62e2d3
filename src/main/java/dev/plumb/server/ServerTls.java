package dev.plumb.server;

import dev.plumb.fleet.PlumbException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** TLS for the server from a PEM certificate chain and key (as certbot or a step CA writes them). */
final class ServerTls {
  private ServerTls() {}

  static SslContextFactory.Server context(Path certFile, Path keyFile) {
    try {
      List<Certificate> chain = new ArrayList<>();
      try (var in = Files.newInputStream(certFile)) {
        chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
      }
      if (chain.isEmpty()) {
        throw new PlumbException("server.tlsCertFile " + certFile + " holds no certificate");
      }
      PrivateKey key;
      try (Reader r = Files.newBufferedReader(keyFile); PEMParser p = new PEMParser(r)) {
        Object o = p.readObject();
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        key = o instanceof PEMKeyPair kp ? conv.getPrivateKey(kp.getPrivateKeyInfo())
            : o instanceof PrivateKeyInfo pki ? conv.getPrivateKey(pki) : null;
      }
      if (key == null) {
        throw new PlumbException("server.tlsKeyFile " + keyFile + " holds no unencrypted PEM private key");
      }
      char[] pw = new char[0];
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("plumb", key, pw, chain.toArray(new Certificate[0]));
      SslContextFactory.Server f = new SslContextFactory.Server();
      f.setKeyStore(ks);
      f.setKeyStorePassword("");
      return f;
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new PlumbException("cannot load the server's TLS certificate and key: " + e.getMessage(), e);
    }
  }
}
