package dev.plumb.render.talos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Image Factory schematic IDs computed offline, as talhelper's offline mode and the factory do:
 * sha256 of the schematic marshalled by yaml.v3 (4-space indent, fields in struct order, empty
 * fields left out).
 */
public final class Schematic {
  private Schematic() {}

  /** The schematic ID of a schematic given as plain values (null: the empty schematic). */
  public static String id(Map<String, Object> schematic) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(marshal(schematic).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static String marshal(Map<String, Object> s) {
    StringBuilder sb = new StringBuilder();
    Map<String, Object> overlay = s == null ? null : (Map<String, Object>) s.get("overlay");
    if (overlay != null && !overlay.isEmpty()) {
      sb.append("overlay:\n");
      field(sb, 1, "image", overlay.get("image"));
      field(sb, 1, "name", overlay.get("name"));
      Object options = overlay.get("options");
      if (options instanceof Map<?, ?> om && !om.isEmpty()) {
        sb.append("    options:\n");
        new TreeMap<>((Map<String, Object>) om).forEach((k, v) -> sb.append("        ").append(k).append(": ")
            .append(scalar(v)).append('\n'));
      }
    }
    Map<String, Object> c = s == null ? null : (Map<String, Object>) s.get("customization");
    StringBuilder cb = new StringBuilder();
    if (c != null) {
      list(cb, 1, "extraKernelArgs", c.get("extraKernelArgs"));
      if (c.get("meta") instanceof List<?> meta && !meta.isEmpty()) {
        cb.append("    meta:\n");
        for (Object m : meta) {
          Map<String, Object> mm = (Map<String, Object>) m;
          cb.append("        - key: ").append(scalar(mm.get("key"))).append('\n');
          cb.append("          value: ").append(scalar(mm.get("value"))).append('\n');
        }
      }
      if (c.get("systemExtensions") instanceof Map<?, ?> se && se.get("officialExtensions") instanceof List<?> l
          && !l.isEmpty()) {
        cb.append("    systemExtensions:\n");
        list(cb, 2, "officialExtensions", l);
      }
      if (c.get("secureboot") instanceof Map<?, ?> sbm && Boolean.TRUE.equals(sbm.get("includeWellKnownCertificates"))) {
        cb.append("    secureboot:\n        includeWellKnownCertificates: true\n");
      }
    }
    sb.append(cb.length() == 0 ? "customization: {}\n" : "customization:\n" + cb);
    return sb.toString();
  }

  private static void field(StringBuilder sb, int depth, String k, Object v) {
    if (v != null && !String.valueOf(v).isEmpty()) {
      sb.append("    ".repeat(depth)).append(k).append(": ").append(scalar(v)).append('\n');
    }
  }

  private static void list(StringBuilder sb, int depth, String k, Object v) {
    if (v instanceof List<?> l && !l.isEmpty()) {
      sb.append("    ".repeat(depth)).append(k).append(":\n");
      for (Object o : l) {
        sb.append("    ".repeat(depth + 1)).append("- ").append(scalar(o)).append('\n');
      }
    }
  }

  private static String scalar(Object v) {
    String s = String.valueOf(v);
    boolean plain = !s.isEmpty() && s.matches("[A-Za-z0-9_./=,+-][A-Za-z0-9_./=,+ -]*")
        && !s.matches("(?i)true|false|null|~|[-+]?[0-9.]+([eE][-+]?[0-9]+)?|0[xob].*") && !s.endsWith(" ");
    return plain ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
