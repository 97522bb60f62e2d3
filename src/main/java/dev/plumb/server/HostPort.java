package dev.plumb.server;

import dev.plumb.fleet.PlumbException;

/** A listen address: {@code host:port}, {@code [v6]:port} or {@code :port} (all interfaces). */
record HostPort(String host, int port) {
  static HostPort parse(String s) {
    int i = s.lastIndexOf(':');
    if (i < 0) {
      throw new PlumbException("server.listen: expected host:port, got '" + s + "'");
    }
    String host = s.substring(0, i).replaceAll("^\\[|]$", "");
    try {
      int port = Integer.parseInt(s.substring(i + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new HostPort(host.isEmpty() ? "0.0.0.0" : host, port);
    } catch (NumberFormatException e) {
      throw new PlumbException("server.listen: '" + s.substring(i + 1) + "' is not a port number");
    }
  }
}
