package dev.plumb.daemon;

import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Talos client of a cluster whose OS CA Git rotated: each node is reached with the credentials
 * it accepts, the new CA's (once it runs the new config) or the previous applied revision's (until
 * then), so a rotation never locks plumb out. Only a failed TLS handshake switches credentials:
 * the call never reached the node, so sending it again with the other credentials cannot repeat
 * it. The credentials that worked last for an endpoint are tried first next time.
 *
 * <p>A dynamic proxy so that every call of {@link TalosClient}, present and future, gets the same
 * rule.
 */
final class CaRotationClient implements InvocationHandler {
  private final TalosClient current;
  private final TalosClient previous;
  private final Map<String, Boolean> usePrevious = new ConcurrentHashMap<>();

  private CaRotationClient(TalosClient current, TalosClient previous) {
    this.current = current;
    this.previous = previous;
  }

  /** A client that tries {@code current}, then {@code previous}, per endpoint. */
  static TalosClient of(TalosClient current, TalosClient previous) {
    return (TalosClient) Proxy.newProxyInstance(TalosClient.class.getClassLoader(), new Class<?>[] {TalosClient.class},
        new CaRotationClient(current, previous));
  }

  @Override
  public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
    if (m.getDeclaringClass() == Object.class) {
      return switch (m.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "CaRotationClient";
      };
    }
    if (m.getName().equals("close") && (args == null || args.length == 0)) {
      current.close();
      previous.close();
      return null;
    }
    NodeTarget t = args != null && args.length > 0 && args[0] instanceof NodeTarget nt ? nt : null;
    if (t == null || t.insecure()) {
      return call(current, m, args);
    }
    String key = t.endpoint().toString();
    boolean old = usePrevious.getOrDefault(key, false);
    try {
      return call(old ? previous : current, m, args);
    } catch (TalosException e) {
      if (e.kind() != TalosException.Kind.TLS) {
        throw e;
      }
      Object r = call(old ? current : previous, m, args);
      usePrevious.put(key, !old);
      return r;
    }
  }

  private static Object call(TalosClient c, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(c, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
