package dev.plumb.talos;

import dev.plumb.fleet.PlumbException;
import java.net.URI;

/**
 * A Talos API address as talosctl reads it: {@code host}, {@code host:port}, {@code [v6]:port} or
 * a URL. A bare host gets port 50000; an {@code https://host} URL without a port gets 443.
 */
public record Endpoint(String host, int port) {
  public static final int DEFAULT_PORT = 50000;

  public Endpoint {
    if (host == null || host.isBlank()) {
      throw new PlumbException("endpoint has no host");
    }
    if (port <= 0 || port > 65535) {
      throw new PlumbException("endpoint " + host + " has an invalid port " + port);
    }
  }

  /** Parses an endpoint string; a clear error for anything else. */
  public static Endpoint parse(String text) {
    String s = text.trim();
    try {
      if (s.contains("://")) {
        URI uri = URI.create(s);
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        return new Endpoint(stripBrackets(uri.getHost()), port);
      }
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        String host = s.substring(1, close);
        String rest = s.substring(close + 1);
        return new Endpoint(host, rest.startsWith(":") ? Integer.parseInt(rest.substring(1)) : DEFAULT_PORT);
      }
      int colon = s.lastIndexOf(':');
      if (colon > 0 && s.indexOf(':') == colon) {
        return new Endpoint(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
      }
      return new Endpoint(s, DEFAULT_PORT);
    } catch (RuntimeException e) {
      if (e instanceof PlumbException pe) {
        throw pe;
      }
      throw new PlumbException(
          "cannot read endpoint '" + text + "': expected host, host:port or https://host[:port]", e);
    }
  }

  private static String stripBrackets(String h) {
    return h != null && h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }

  /** host:port, with brackets around an IPv6 host. */
  public String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return authority();
  }
}
