package dev.plumb.render.talos;

import java.util.Optional;

/**
 * IP addresses, prefixes and address:port pairs in the text Go's {@code net/netip} parses and
 * prints. talhelper parses every network value with netip before Talos's encoder writes it back,
 * so {@code 2001:DB8:0::1/64} comes out as {@code 2001:db8::1/64}; a value netip refuses is
 * dropped by talhelper (siderolabs/talos and budimanjojo/talhelper pkg/talos/networkconfig.go).
 */
final class IpText {
  private IpText() {}

  /** The canonical text of an IPv4 or IPv6 address, or empty when netip.ParseAddr refuses it. */
  static Optional<String> addr(String s) {
    int[] v4 = v4(s);
    if (v4 != null) {
      return Optional.of(v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3]);
    }
    int[] v6 = v6(s);
    String zone = s.contains("%") ? s.substring(s.indexOf('%')) : "";
    return v6 == null || zone.equals("%") ? Optional.empty() : Optional.of(v6Text(v6) + zone);
  }

  /** The canonical text of {@code addr/bits} (netip.ParsePrefix: no zone, bits in range, not masked). */
  static Optional<String> prefix(String s) {
    int slash = s.lastIndexOf('/');
    if (slash < 0 || s.indexOf('%') >= 0) {
      return Optional.empty();
    }
    String bits = s.substring(slash + 1);
    Optional<String> a = addr(s.substring(0, slash));
    if (a.isEmpty() || !bits.matches("0|[1-9][0-9]{0,2}")) {
      return Optional.empty();
    }
    int max = v4(s.substring(0, slash)) != null ? 32 : 128;
    return Integer.parseInt(bits) > max ? Optional.empty() : Optional.of(a.get() + "/" + bits);
  }

  /** The canonical text of {@code ip:port} or {@code [ip6]:port} (netip.ParseAddrPort). */
  static Optional<String> addrPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0 || !s.substring(colon + 1).matches("[0-9]{1,5}")
        || Integer.parseInt(s.substring(colon + 1)) > 65535) {
      return Optional.empty();
    }
    String host = s.substring(0, colon);
    String port = String.valueOf(Integer.parseInt(s.substring(colon + 1)));
    if (host.startsWith("[") && host.endsWith("]")) {
      int[] v6 = v6(host.substring(1, host.length() - 1));
      return v6 == null ? Optional.empty() : Optional.of("[" + v6Text(v6) + "]:" + port);
    }
    return v4(host) == null ? Optional.empty() : addr(host).map(a -> a + ":" + port);
  }

  private static int[] v4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] out = new int[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(parts[i]) > 255) {
        return null;
      }
      out[i] = Integer.parseInt(parts[i]);
    }
    return out;
  }

  /** Eight 16-bit groups, or null; a zone ({@code %eth0}) is skipped here and kept by {@link #addr}. */
  private static int[] v6(String text) {
    String s = text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
    if (!s.contains(":")) {
      return null;
    }
    int[] groups = new int[8];
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return null;
    }
    String head = dbl >= 0 ? s.substring(0, dbl) : s;
    String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
    int[] h = groups(head);
    int[] t = groups(tail);
    if (h == null || t == null || h.length + t.length > (dbl >= 0 ? 7 : 8) || dbl < 0 && h.length != 8) {
      return null;
    }
    System.arraycopy(h, 0, groups, 0, h.length);
    System.arraycopy(t, 0, groups, 8 - t.length, t.length);
    return groups;
  }

  private static int[] groups(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int n = parts.length;
    boolean tailV4 = parts[n - 1].contains(".");
    int[] out = new int[tailV4 ? n + 1 : n];
    for (int i = 0; i < n - (tailV4 ? 1 : 0); i++) {
      if (!parts[i].matches("[0-9a-fA-F]{1,4}")) {
        return null;
      }
      out[i] = Integer.parseInt(parts[i], 16);
    }
    if (tailV4) {
      int[] v4 = v4(parts[n - 1]);
      if (v4 == null) {
        return null;
      }
      out[n - 1] = v4[0] << 8 | v4[1];
      out[n] = v4[2] << 8 | v4[3];
    }
    return out;
  }

  /** RFC 5952 text as Go prints it: longest run of two or more zero groups as {@code ::}, v4-mapped as dotted. */
  private static String v6Text(int[] g) {
    if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
      return "::ffff:" + (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
