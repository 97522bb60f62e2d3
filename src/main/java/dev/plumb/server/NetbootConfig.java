package dev.plumb.server;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.sops.Sensitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code netboot} section of the daemon config: whether booting machines may fetch their
 * configs from plumb ({@link NetbootEndpoint}), and per cluster an optional token file whose
 * content the config URL must carry.
 */
public record NetbootConfig(boolean enabled, Map<String, Sensitive<byte[]>> tokens) {
  private static final Set<String> FIELDS = Set.of("enabled", "tokenFiles");

  public NetbootConfig {
    tokens = Map.copyOf(tokens);
  }

  public static NetbootConfig off() {
    return new NetbootConfig(false, Map.of());
  }

  @SuppressWarnings("unchecked")
  public static NetbootConfig parse(Path file, Object section, boolean serverOn) {
    if (section == null) {
      return off();
    }
    if (!(section instanceof Map<?, ?> raw)) {
      throw new PlumbException(file + ": netboot: expected a map with enabled and tokenFiles");
    }
    Map<String, Object> m = (Map<String, Object>) raw;
    for (String k : m.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new PlumbException(file + ": unknown field 'netboot." + k + "' (known: enabled, tokenFiles)");
      }
    }
    boolean on = Boolean.TRUE.equals(m.get("enabled"));
    if (on && !serverOn) {
      throw new PlumbException(file + ": netboot needs server.listen (machines fetch their configs over HTTP)");
    }
    Map<String, Sensitive<byte[]>> tokens = new HashMap<>();
    Object t = m.getOrDefault("tokenFiles", Map.of());
    if (!(t instanceof Map<?, ?> tm)) {
      throw new PlumbException(file + ": netboot.tokenFiles: expected a map of cluster: token file");
    }
    for (Map.Entry<?, ?> e : tm.entrySet()) {
      Path p = Path.of(String.valueOf(e.getValue()));
      try {
        tokens.put(String.valueOf(e.getKey()), Sensitive.of(Files.readString(p).strip().getBytes(StandardCharsets.UTF_8)));
      } catch (IOException ex) {
        throw new PlumbException(file + ": netboot.tokenFiles." + e.getKey() + ": cannot read " + p, ex);
      }
    }
    return new NetbootConfig(on, tokens);
  }
}
