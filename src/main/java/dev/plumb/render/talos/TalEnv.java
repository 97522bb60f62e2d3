package dev.plumb.render.talos;

import dev.plumb.render.FileTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.sops.SopsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a talconfig is substituted with: talhelper's env files (plain or SOPS, flat
 * {@code KEY: value} or dotenv lines), later files over earlier ones, files over the process
 * environment. Unlike talhelper, a line that does not parse is an error, not silently dropped.
 */
public final class TalEnv {
  public static final List<String> DEFAULT_FILES =
      List.of("talenv.yaml", "talenv.sops.yaml", "talenv.yml", "talenv.sops.yml");

  /** An env file list entry that means: read no env file at all. */
  public static final String NONE = "\0none";

  private final Map<String, String> vars;
  private final List<String> loaded;

  private TalEnv(Map<String, String> vars, List<String> loaded) {
    this.vars = Map.copyOf(vars);
    this.loaded = List.copyOf(loaded);
  }

  /**
   * Loads the env files (tree paths; missing ones are skipped) over {@code processEnv};
   * {@code explicit} are extra KEY=VALUE pairs that win over everything.
   */
  public static TalEnv load(FileTree tree, List<String> files, Map<String, String> processEnv,
      Map<String, String> explicit, SopsDecryptor sops) {
    Map<String, String> vars = new LinkedHashMap<>(processEnv);
    List<String> loaded = new ArrayList<>();
    List<RenderProblem> problems = new ArrayList<>();
    for (String f : files) {
      if (f.endsWith(NONE)) {
        continue;
      }
      Optional<byte[]> bytes = tree.read(f);
      if (bytes.isEmpty()) {
        continue;
      }
      loaded.add(f);
      try {
        vars.putAll(parse(f, bytes.get(), sops, problems));
      } catch (SopsException e) {
        problems.add(new RenderProblem(f, 0, 0, "", e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    vars.putAll(explicit);
    return new TalEnv(vars, loaded);
  }

  private static Map<String, String> parse(String file, byte[] bytes, SopsDecryptor sops, List<RenderProblem> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    if (SopsDecryptor.isEncrypted(file, bytes)) {
      Map<String, Object> tree = sops.decrypt(file, bytes).first().reveal();
      tree.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
      return out;
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#") || l.equals("---")) {
        continue;
      }
      if (l.startsWith("export ")) {
        l = l.substring(7).strip();
      }
      int eq = l.indexOf('=');
      int colon = l.indexOf(':');
      int sep = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon;
      if (sep <= 0) {
        problems.add(new RenderProblem(file, i + 1, 1, "", "expected KEY: value or KEY=value"));
        continue;
      }
      String key = l.substring(0, sep).strip();
      String value = l.substring(sep + 1).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
        problems.add(new RenderProblem(file, i + 1, 1, key, "not a valid variable name"));
        continue;
      }
      out.put(key, unquote(stripComment(value)));
    }
    return out;
  }

  private static String stripComment(String v) {
    if (v.startsWith("\"") || v.startsWith("'")) {
      return v;
    }
    int hash = v.indexOf(" #");
    return hash >= 0 ? v.substring(0, hash).strip() : v;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      String inner = v.substring(1, v.length() - 1);
      return v.startsWith("\"") ? inner.replace("\\n", "\n").replace("\\\"", "\"") : inner;
    }
    return v;
  }

  public Map<String, String> vars() {
    return vars;
  }

  /** The env files that were read, for messages. */
  public List<String> loaded() {
    return loaded;
  }

  /** Where variables were looked for, as a phrase. */
  public String describe() {
    return (loaded.isEmpty() ? "no env file" : "env files " + String.join(", ", loaded))
        + " and the process environment";
  }
}
