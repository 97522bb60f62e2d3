package dev.plumb.talos;

import dev.plumb.talos.TalosException.Kind;
import dev.plumb.talos.api.common.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Translates gRPC failures into {@link TalosException}s at the adapter edge. Messages say what
 * was being done, for which node, and what usually fixes it.
 */
final class TalosErrors {
  private TalosErrors() {}

  static TalosException translate(StatusRuntimeException e, String method, NodeTarget target) {
    Status s = e.getStatus();
    String who = target.label();
    String what = method + " on " + who;
    String desc = s.getDescription() == null ? "" : s.getDescription();
    return switch (s.getCode()) {
      case UNAVAILABLE -> unavailable(e, what, target);
      case DEADLINE_EXCEEDED -> new TalosException(
          Kind.TIMEOUT, who, what + ": no answer before the deadline", e);
      case PERMISSION_DENIED -> new TalosException(
          Kind.PERMISSION_DENIED,
          who,
          what + ": permission denied (" + desc + "); the client certificate needs the role "
              + TalosRoles.required(method),
          e);
      case INVALID_ARGUMENT -> method.endsWith("/ApplyConfiguration")
          ? new ApplyRejectedException(who, what + ": config rejected: " + desc, e)
          : new TalosException(Kind.REJECTED, who, what + ": invalid request: " + desc, e);
      case FAILED_PRECONDITION -> new TalosException(
          Kind.PRECONDITION, who, what + ": not possible now: " + desc, e);
      case NOT_FOUND -> new TalosException(Kind.NOT_FOUND, who, what + ": not found: " + desc, e);
      case ALREADY_EXISTS -> new TalosException(
          Kind.ALREADY_EXISTS, who, what + ": already done: " + desc, e);
      case UNIMPLEMENTED -> new TalosException(
          Kind.UNIMPLEMENTED, who, what + ": not served by this node: " + desc, e);
      default -> new TalosException(Kind.OTHER, who, what + ": " + s.getCode() + " " + desc, e);
    };
  }

  /** An error that a proxying endpoint reported inside an OK response. */
  /** The first message of a unary answer, after checking every message for an in-band error. */
  static <M> M single(java.util.List<M> messages, java.util.function.Function<M, Metadata> md, String method,
      NodeTarget t) {
    if (messages.isEmpty()) {
      throw new TalosException(Kind.OTHER, t.label(), method + " on " + t.label() + ": empty response");
    }
    for (M m : messages) {
      checkInBand(md.apply(m), method, t);
    }
    return messages.get(0);
  }

  /** Raises the error a proxying endpoint reported in a message's metadata, if any. */
  static void checkInBand(Metadata md, String method, NodeTarget t) {
    if (!md.getError().isEmpty() || (md.hasStatus() && md.getStatus().getCode() != 0)) {
      throw inBand(md, method, t);
    }
  }

  static TalosException inBand(Metadata md, String method, NodeTarget target) {
    String node = md.getHostname().isEmpty() ? target.label() : md.getHostname();
    String text = !md.getError().isEmpty() ? md.getError() : md.getStatus().getMessage();
    Status.Code code =
        md.hasStatus() ? Status.fromCodeValue(md.getStatus().getCode()).getCode() : Status.Code.UNKNOWN;
    String msg = method + " on " + node + " failed (reported by the endpoint): " + text;
    Kind kind =
        switch (code) {
          case UNAVAILABLE -> Kind.UNREACHABLE;
          case DEADLINE_EXCEEDED -> Kind.TIMEOUT;
          case PERMISSION_DENIED -> Kind.PERMISSION_DENIED;
          case INVALID_ARGUMENT -> Kind.REJECTED;
          case FAILED_PRECONDITION -> Kind.PRECONDITION;
          case NOT_FOUND -> Kind.NOT_FOUND;
          case ALREADY_EXISTS -> Kind.ALREADY_EXISTS;
          case UNIMPLEMENTED -> Kind.UNIMPLEMENTED;
          default -> Kind.NODE_ERROR;
        };
    if (kind == Kind.UNREACHABLE) {
      return new NodeUnreachableException(node, msg, null);
    }
    return new TalosException(kind, node, msg);
  }

  private static TalosException unavailable(StatusRuntimeException e, String what, NodeTarget t) {
    String who = t.label();
    Throwable tls = find(e, SSLException.class);
    if (tls != null) {
      return new TalosException(Kind.TLS, who, what + ": " + tlsReason(tls, t), e);
    }
    if (find(e, ConnectException.class) != null) {
      return new NodeUnreachableException(
          who, what + ": connection refused (node down, rebooting, or wrong address)", e);
    }
    if (find(e, ClosedChannelException.class) != null) {
      return new NodeUnreachableException(who, what + ": connection closed by the node", e);
    }
    String desc = e.getStatus().getDescription();
    return new NodeUnreachableException(
        who, what + ": unreachable" + (desc == null ? "" : " (" + desc + ")"), e);
  }

  private static String tlsReason(Throwable tls, NodeTarget t) {
    String all = chainText(tls).toLowerCase(Locale.ROOT);
    if (find(tls, CertPathBuilderException.class) != null
        || find(tls, CertPathValidatorException.class) != null
        || all.contains("pkix path")
        || all.contains("unable to find valid certification path")) {
      return "TLS: the node's certificate is not signed by the talosconfig CA (another cluster's"
          + " CA, or a node still in maintenance mode)";
    }
    if (all.contains("no subject alternative") || all.contains("does not match")) {
      return "TLS: the node's certificate does not name " + t.endpoint().host()
          + " (add it to machine.certSANs)";
    }
    if (all.contains("bad_certificate")
        || all.contains("certificate_required")
        || all.contains("certificate_unknown")
        || all.contains("unknown_ca")) {
      return t.insecure()
          ? "TLS: the node requires a client certificate: it has a config and is no longer in"
              + " maintenance mode (use its talosconfig)"
          : "TLS: the node rejected the client certificate (not signed by the node's OS CA, or"
              + " its ExtKeyUsage is not exactly clientAuth)";
    }
    if (find(tls, CertificateException.class) != null) {
      return "TLS: certificate rejected: " + tls.getMessage();
    }
    return "TLS handshake failed: " + tls.getMessage();
  }

  private static String chainText(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
      if (c.getCause() == c) {
        break;
      }
    }
    return sb.toString();
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
