package dev.plumb.sim;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is calling and where the call should go: the roles from the client certificate's
 * Organization values (every caller is os:reader in maintenance mode), and the {@code node} /
 * {@code nodes} routing metadata.
 */
record Caller(Set<String> roles, List<String> node, List<String> nodes) {
  static final Context.Key<Caller> KEY = Context.key("plumb-sim-caller");
  static final Metadata.Key<String> NODE = Metadata.Key.of("node", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NODES = Metadata.Key.of("nodes", Metadata.ASCII_STRING_MARSHALLER);

  static Caller current() {
    return KEY.get();
  }

  boolean has(String... anyOf) {
    for (String r : anyOf) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }

  /** Reads the caller's identity; {@code maintenance} says the listener asks for no certificate. */
  static ServerInterceptor interceptor(boolean maintenance) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Set<String> roles = maintenance ? Set.of("os:reader") : roles(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        Caller c = new Caller(roles, values(headers, NODE), values(headers, NODES));
        return Contexts.interceptCall(Context.current().withValue(KEY, c), call, headers, next);
      }
    };
  }

  private static List<String> values(Metadata md, Metadata.Key<String> key) {
    List<String> out = new ArrayList<>();
    Iterable<String> all = md.getAll(key);
    if (all != null) {
      for (String v : all) {
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
      }
    }
    return out;
  }

  private static Set<String> roles(SSLSession session) {
    Set<String> roles = new LinkedHashSet<>();
    if (session == null) {
      return roles;
    }
    try {
      Certificate[] peer = session.getPeerCertificates();
      if (peer.length > 0 && peer[0] instanceof X509Certificate leaf) {
        for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("O") && !String.valueOf(rdn.getValue()).isEmpty()) {
            roles.add(String.valueOf(rdn.getValue()));
          }
        }
      }
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return Set.of();
    }
    return roles;
  }
}
