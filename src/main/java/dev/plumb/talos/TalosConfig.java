package dev.plumb.talos;

import dev.plumb.fleet.PlumbException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A parsed talosconfig file: the current context name and every context. Parsing follows talosctl
 * ({@code pkg/machinery/client/config}): {@code ca}, {@code crt} and {@code key} are base64 of PEM,
 * the deprecated {@code target} is appended to the endpoints.
 */
public record TalosConfig(Path source, String currentContext, Map<String, TalosContext> contexts) {

  public TalosConfig {
    contexts = Map.copyOf(contexts);
  }

  /**
   * Finds the file talosctl would use: the flag, then {@code $TALOSCONFIG}, then {@code
   * $TALOS_HOME/config}, then {@code ~/.talos/config}.
   */
  public static Path locate(Optional<Path> flag, Map<String, String> env, Path home) {
    if (flag.isPresent()) {
      return flag.get();
    }
    String fromEnv = env.get("TALOSCONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    String talosHome = env.get("TALOS_HOME");
    if (talosHome != null && !talosHome.isBlank()) {
      return Path.of(talosHome, "config");
    }
    return home.resolve(".talos").resolve("config");
  }

  /** Reads and parses the file; every problem names the file and the field. */
  public static TalosConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PlumbException("talosconfig " + file + " does not exist", e);
    } catch (IOException e) {
      throw new PlumbException("cannot read talosconfig " + file + ": " + e.getMessage(), e);
    }
    return parse(file, text);
  }

  /** Parses talosconfig YAML text; {@code source} only names it in errors. */
  public static TalosConfig parse(Path source, String text) {
    Object root;
    try {
      LoadSettings settings =
          LoadSettings.builder().setMaxAliasesForCollections(10).setCodePointLimit(1 << 20).build();
      root = new Load(settings).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new PlumbException("talosconfig " + source + " is not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new PlumbException("talosconfig " + source + ": expected a mapping at the top level");
    }
    String current = str(top.get("context"));
    Object rawContexts = top.get("contexts");
    if (rawContexts != null && !(rawContexts instanceof Map)) {
      throw new PlumbException("talosconfig " + source + ": 'contexts' must be a mapping");
    }
    Map<String, TalosContext> contexts = new LinkedHashMap<>();
    if (rawContexts instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String name = String.valueOf(e.getKey());
        if (!(e.getValue() instanceof Map<?, ?> ctx)) {
          throw new PlumbException(
              "talosconfig " + source + ": contexts." + name + " must be a mapping");
        }
        contexts.put(name, context(source, name, ctx));
      }
    }
    return new TalosConfig(source, current, contexts);
  }

  /**
   * The named context, or the current one when {@code name} is empty; a clear error when it is
   * missing.
   */
  public TalosContext context(Optional<String> name) {
    String wanted = name.filter(n -> !n.isBlank()).orElse(currentContext);
    if (wanted == null || wanted.isBlank()) {
      throw new PlumbException(
          "talosconfig " + source + " sets no current context; pass --context (known: "
              + contexts.keySet() + ")");
    }
    TalosContext ctx = contexts.get(wanted);
    if (ctx == null) {
      throw new PlumbException(
          "talosconfig " + source + " has no context '" + wanted + "' (known: "
              + contexts.keySet() + ")");
    }
    return ctx;
  }

  private static TalosContext context(Path source, String name, Map<?, ?> ctx) {
    String where = "talosconfig " + source + ": contexts." + name;
    List<String> endpoints = new ArrayList<>(strings(ctx.get("endpoints"), where + ".endpoints"));
    String target = str(ctx.get("target"));
    if (target != null && !target.isBlank()) {
      endpoints.add(target);
    }
    List<String> nodes = strings(ctx.get("nodes"), where + ".nodes");
    return new TalosContext(
        name,
        endpoints,
        nodes,
        base64Pem(ctx.get("ca"), where + ".ca"),
        base64Pem(ctx.get("crt"), where + ".crt"),
        base64Pem(ctx.get("key"), where + ".key"));
  }

  private static String base64Pem(Object value, String where) {
    String s = str(value);
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(s.replaceAll("\\s", "")), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new PlumbException(where + ": expected base64-encoded PEM: " + e.getMessage(), e);
    }
  }

  private static List<String> strings(Object value, String where) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new PlumbException(where + ": expected a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
