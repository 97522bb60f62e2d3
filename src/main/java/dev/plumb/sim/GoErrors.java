package dev.plumb.sim;

import java.util.List;
import java.util.Optional;

/**
 * Go error texts the simulator reproduces: hashicorp/go-multierror's list format, and the endpoint
 * check of siderolabs/net ValidateEndpointURI on top of Go's net/url parser.
 */
final class GoErrors {
  private static final int MIN_PORT = 1;
  private static final int MAX_PORT = 65535;

  private GoErrors() {}

  /** go-multierror ListFormatFunc. */
  static String multi(List<String> errors) {
    if (errors.size() == 1) {
      return "1 error occurred:\n\t* " + errors.get(0) + "\n\n";
    }
    StringBuilder sb = new StringBuilder(errors.size() + " errors occurred:\n\t");
    for (int i = 0; i < errors.size(); i++) {
      sb.append(i == 0 ? "" : "\n\t").append("* ").append(errors.get(i));
    }
    return sb.append("\n\n").toString();
  }

  /** What ValidateEndpointURI (after url.Parse) says about an endpoint, if anything. */
  static Optional<String> endpointProblem(String ep) {
    String parseError = "parse \"" + ep + "\": ";
    int colon = schemeEnd(ep);
    if (colon == 0) {
      return Optional.of(parseError + "missing protocol scheme");
    }
    String rest = colon < 0 ? ep : ep.substring(colon + 1);
    if (colon < 0 && !rest.startsWith("/") && rest.split("/", 2)[0].contains(":")) {
      return Optional.of(parseError + "first path segment in URL cannot contain colon");
    }
    if (colon < 0 || !rest.startsWith("//")) {
      return Optional.of("hostname must not be blank"); // no authority: Host is empty
    }
    String authority = rest.substring(2).split("[/?#]", 2)[0];
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    String hostname;
    String port = "";
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        return Optional.of(parseError + "missing ']' in host");
      }
      hostname = host.substring(1, close);
      String after = host.substring(close + 1);
      if (!after.isEmpty() && !after.matches(":\\d*")) {
        return Optional.of(parseError + "invalid port \"" + after + "\" after host");
      }
      port = after.isEmpty() ? "" : after.substring(1);
    } else {
      int last = host.lastIndexOf(':');
      if (last >= 0 && !host.substring(last).matches(":\\d*")) {
        return Optional.of(parseError + "invalid port \"" + host.substring(last) + "\" after host");
      }
      if (host.chars().filter(c -> c == ':').count() > 2) {
        return Optional.of("IPv6 addresses MUST be enclosed by square brackets");
      }
      hostname = last >= 0 ? host.substring(0, last) : host;
      port = last >= 0 ? host.substring(last + 1) : "";
    }
    if (hostname.isEmpty()) {
      return Optional.of("hostname must not be blank");
    }
    if (!port.isEmpty()) {
      int p = Integer.parseInt(port.length() > 6 ? "99999999" : port);
      if (p < MIN_PORT || p > MAX_PORT) {
        return Optional.of("port number must be between " + MIN_PORT + " and " + MAX_PORT);
      }
    }
    return Optional.empty();
  }

  /** Go's getScheme: the index of the colon that ends a scheme, or -1 when there is none. */
  private static int schemeEnd(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (Character.isLetter(c) && c < 128) {
        continue;
      }
      if (Character.isDigit(c) || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          return -1;
        }
        continue;
      }
      return c == ':' ? i : -1;
    }
    return -1;
  }
}
