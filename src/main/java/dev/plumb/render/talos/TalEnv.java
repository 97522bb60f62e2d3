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
 * The variables a talconfig is substituted with: talhelper's env files (plain or SOPS), each read
 * as godotenv reads it ({@link Dotenv}), later files over earlier ones, files over the process
 * environment. Unlike talhelper, a file that does not parse is an error, not silently dropped.
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
        Map<String, String> lookup = new LinkedHashMap<>(vars);
        lookup.putAll(explicit);
        vars.putAll(parse(f, bytes.get(), sops, lookup));
      } catch (SopsException e) {
        problems.add(new RenderProblem(f, 0, 0, "", e.getMessage()));
      } catch (RenderException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    vars.putAll(explicit);
    return new TalEnv(vars, loaded);
  }

  private static Map<String, String> parse(String file, byte[] bytes, SopsDecryptor sops, Map<String, String> env) {
    if (SopsDecryptor.isEncrypted(file, bytes)) {
      Map<String, String> out = new LinkedHashMap<>();
      Map<String, Object> tree = sops.decrypt(file, bytes).first().reveal();
      tree.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
      return out;
    }
    return Dotenv.parse(file, dev.plumb.render.yaml.YamlReader.decode(file, bytes), env::get);
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
