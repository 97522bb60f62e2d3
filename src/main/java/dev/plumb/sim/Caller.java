package dev.plumb.sim;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Who is calling and where the call should go: the roles from the client certificate's
 * Organization values (every caller is os:reader in maintenance mode), and the {@code node} /
 * {@code nodes} routing metadata.
 */
record Caller(Set<String> roles, List<String> node, List<String> nodes, MethodDescriptor<?, ?> method) {
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

  /** Whether the call is one of the COSI methods, which apid never fans out. */
  boolean cosi() {
    return method != null && method.getFullMethodName().startsWith("cosi.");
  }

  /** The default instance of the call's response message, when its marshaller knows it. */
  Object responsePrototype() {
    return method != null && method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
        ? p.getMessagePrototype() : null;
  }

  /** Reads the caller's identity; {@code maintenance} says the listener asks for no certificate. */
  static ServerInterceptor interceptor(boolean maintenance) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Set<String> roles = maintenance ? Set.of("os:reader") : roles(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        Caller c = new Caller(roles, values(headers, NODE), values(headers, NODES), call.getMethodDescriptor());
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

  /**
   * The Organization values of the client certificate, as Go's pkix.Name collects them: every O
   * attribute of every RDN, the values of a multi-valued RDN included (Go writes all the
   * Organization values of a name as one multi-valued RDN). apid's authz middleware takes them as
   * the caller's roles (pkg/grpc/middleware/authz).
   */
  static Set<String> roles(X509Certificate leaf) {
    Set<String> roles = new LinkedHashSet<>();
    X500Name name = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
    for (RDN rdn : name.getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        if (atv.getType().equals(BCStyle.O)) {
          String v = atv.getValue() instanceof ASN1String str ? str.getString() : "";
          if (!v.isEmpty()) {
            roles.add(v);
          }
        }
      }
    }
    return roles;
  }

  private static Set<String> roles(SSLSession session) {
    if (session == null) {
      return Set.of();
    }
    try {
      Certificate[] peer = session.getPeerCertificates();
      return peer.length > 0 && peer[0] instanceof X509Certificate leaf ? roles(leaf) : Set.of();
    } catch (SSLPeerUnverifiedException e) {
      return Set.of();
    }
  }
}
