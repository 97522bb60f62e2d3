package dev.plumb.render.talos;

import dev.plumb.render.RenderProblem;
import dev.plumb.render.yaml.GoYamlWriter;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Image Factory schematic IDs computed offline, as talhelper's offline mode and the factory do
 * (siderolabs/image-factory pkg/schematic/schematic.go, Schematic.ID): the sha256 of the schematic
 * as yaml.v3's Marshal writes the factory's struct: {@code overlay} (omitted when empty;
 * {@code image}, {@code name} always, {@code options} sorted), then {@code customization}
 * ({@code extraKernelArgs}, {@code meta}, {@code systemExtensions}, {@code bootloader},
 * {@code secureboot}, each omitted when empty), 4-space indent, multi-line strings as literals.
 */
public final class Schematic {
  private static final Pattern OFFICIAL = Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*");

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

  static String marshal(Map<String, Object> s) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<?, ?> overlay = map(s == null ? null : s.get("overlay"));
    String image = text(overlay.get("image"));
    String name = text(overlay.get("name"));
    Map<?, ?> options = map(overlay.get("options"));
    if (!image.isEmpty() || !name.isEmpty() || !options.isEmpty()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("image", image);
      o.put("name", name);
      if (!options.isEmpty()) {
        o.put("options", sorted(options));
      }
      doc.put("overlay", o);
    }
    doc.put("customization", customization(map(s == null ? null : s.get("customization"))));
    return GoYamlWriter.write(doc, 4);
  }

  private static Map<String, Object> customization(Map<?, ?> c) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> args = strings(c.get("extraKernelArgs"));
    if (!args.isEmpty()) {
      out.put("extraKernelArgs", args);
    }
    if (c.get("meta") instanceof List<?> meta && !meta.isEmpty()) {
      List<Object> values = new ArrayList<>();
      for (Object m : meta) {
        Map<String, Object> mv = new LinkedHashMap<>();
        mv.put("key", map(m).get("key") instanceof Number n ? n.longValue() : 0L);
        mv.put("value", text(map(m).get("value")));
        values.add(mv);
      }
      out.put("meta", values);
    }
    List<String> extensions = strings(map(c.get("systemExtensions")).get("officialExtensions"));
    if (!extensions.isEmpty()) {
      out.put("systemExtensions", Map.of("officialExtensions", extensions));
    }
    String bootloader = text(c.get("bootloader"));
    if (!bootloader.isEmpty()) {
      out.put("bootloader", bootloader);
    }
    if (Boolean.TRUE.equals(map(c.get("secureboot")).get("includeWellKnownCertificates"))) {
      out.put("secureboot", Map.of("includeWellKnownCertificates", true));
    }
    return out;
  }

  /**
   * What talhelper's checkNodeSchematic refuses (budimanjojo/talhelper pkg/config/validator.go):
   * a duplicate extension, an overlay with only one of image and name, and an extension that is
   * not an official one. talhelper checks names against its catalogue of each Talos release;
   * plumb carries no catalogue, so it refuses what cannot be an official name (a registry, a
   * tag, a digest: the old {@code extensions:} image form) and leaves the rest to the factory.
   */
  static List<RenderProblem> problems(YNode schematic, String field) {
    List<RenderProblem> out = new ArrayList<>();
    if (!(schematic instanceof YMap m)) {
      return out;
    }
    if (m.get("customization").orElse(null) instanceof YMap c && c.get("systemExtensions").orElse(null) instanceof YMap se
        && se.get("officialExtensions").orElse(null) instanceof YList l) {
      Set<String> seen = new HashSet<>();
      for (YNode n : l.items()) {
        String ext = n instanceof YScalar s ? s.text() : "";
        if (!OFFICIAL.matcher(ext).matches()) {
          out.add(problem(n, field, "\"" + shorten(ext) + "\" is not a supported Talos extension (official extensions"
              + " are named like siderolabs/iscsi-tools, without registry, tag or digest)"));
        }
        if (!seen.add(ext)) {
          out.add(problem(n, field, "duplicate system extension \"" + shorten(ext) + "\""));
        }
      }
    }
    if (m.get("overlay").orElse(null) instanceof YMap o) {
      boolean image = o.get("image").filter(n -> n instanceof YScalar s && !s.isNull()).isPresent();
      boolean name = o.get("name").filter(n -> n instanceof YScalar s && !s.isNull()).isPresent();
      if (image != name) {
        out.add(problem(o, field, "both `image` and `name` is required to be set"));
      }
    }
    return out;
  }

  private static RenderProblem problem(YNode at, String field, String message) {
    return new RenderProblem(at.mark().file(), at.mark().line(), at.mark().column(), field, message);
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private static Map<String, Object> sorted(Map<?, ?> m) {
    Map<String, Object> out = new TreeMap<>(GoYamlWriter::compareKeys);
    m.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> vm ? sorted(vm) : sortedList(v)));
    return out;
  }

  private static Object sortedList(Object v) {
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(x instanceof Map<?, ?> xm ? sorted(xm) : sortedList(x)));
      return out;
    }
    return v;
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.forEach(x -> out.add(text(x)));
    }
    return out;
  }

  private static String text(Object o) {
    return o == null ? "" : o instanceof Double d ? dev.plumb.render.sops.GoYaml.text(d) : String.valueOf(o);
  }
}
