package dev.plumb.render.validate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Address syntax as Go parses it (net.ParseIP, net.ParseCIDR, netip.ParsePrefix), and
 * siderolabs/net's ValidateEndpointURI, without touching the network: no name is ever resolved.
 */
final class Net {
  private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,4}");
  private static final Pattern URL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):(//([^/?#]*))?.*$");

  private Net() {}

  static boolean isIp(String s) {
    return isV4(s) || isV6(s);
  }

  static boolean isV4(String s) {
    Matcher m = V4.matcher(s);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      String g = m.group(i);
      // Go's parsers refuse leading zeros ("010") as ambiguous octal
      if (Integer.parseInt(g) > 255 || g.length() > 1 && g.startsWith("0")) {
        return false;
      }
    }
    return true;
  }

  static boolean isV6(String s) {
    if (!s.contains(":") || s.contains("%") || s.startsWith(":") && !s.startsWith("::")
        || s.endsWith(":") && !s.endsWith("::") || s.indexOf("::") != s.lastIndexOf("::")) {
      return false;
    }
    String[] parts = s.split(":", -1);
    int groups = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty()) {
        continue;
      }
      if (i == parts.length - 1 && p.contains(".")) {
        if (!isV4(p)) {
          return false;
        }
        groups += 2;
      } else if (HEX.matcher(p).matches()) {
        groups++;
      } else {
        return false;
      }
    }
    return s.contains("::") ? groups < 8 : groups == 8;
  }

  /** {@code addr/bits} with bits within the family's width (net.ParseCIDR, netip.ParsePrefix). */
  static boolean isPrefix(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String addr = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    if (!bits.matches("\\d{1,3}") || bits.length() > 1 && bits.startsWith("0")) {
      return false;
    }
    int n = Integer.parseInt(bits);
    return isV4(addr) ? n <= 32 : isV6(addr) && n <= 128;
  }

  /** The v1alpha1 {@code validateIPOrCIDR}: a prefix when it has a slash, else an address. */
  static boolean isIpOrCidr(String s) {
    return s.indexOf('/') >= 0 ? isPrefix(s) : isIp(s);
  }

  static boolean isUnspecified(String ip) {
    return ip.equals("0.0.0.0") || ip.replace("0", "").replace(":", "").isEmpty();
  }

  private static String stripUserInfo(String authority) {
    int at = authority.lastIndexOf('@');
    return at < 0 ? authority : authority.substring(at + 1);
  }

  /** siderolabs/net ValidateEndpointURI; empty when valid, else its error text. */
  static String endpointError(String ep) {
    Matcher m = URL.matcher(ep);
    if (!m.matches()) {
      // url.Parse treats "host:port" without a scheme as a path with a colon in its first segment
      return ep.contains(":") ? "parse \"" + ep + "\": first path segment in URL cannot contain colon"
          : "hostname must not be blank";
    }
    String host = m.group(3) == null ? "" : stripUserInfo(m.group(3));
    if (host.chars().filter(c -> c == ':').count() > 2 && (!host.contains("[") || !host.contains("]"))) {
      return "IPv6 addresses MUST be enclosed by square brackets";
    }
    String hostname;
    String port = "";
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      hostname = close < 0 ? "" : host.substring(1, close);
      port = close >= 0 && host.length() > close + 1 && host.charAt(close + 1) == ':' ? host.substring(close + 2) : "";
    } else {
      int colon = host.lastIndexOf(':');
      hostname = colon < 0 ? host : host.substring(0, colon);
      port = colon < 0 ? "" : host.substring(colon + 1);
    }
    if (hostname.isEmpty()) {
      return "hostname must not be blank";
    }
    if (!port.isEmpty()) {
      if (!port.matches("\\d+")) {
        return "port number must be numeric";
      }
      long p = Long.parseLong(port.length() > 6 ? "999999" : port);
      if (p < 1 || p > 65535) {
        return "port number must be between 1 and 65535";
      }
    }
    return "";
  }
}
