package dev.plumb.server;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.server.webhook.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code server} and {@code webhooks} sections of the daemon config. Secrets (the API token,
 * webhook secrets) are read from files, typically systemd credentials: a value given as
 * {@code credential: NAME} is {@code $CREDENTIALS_DIRECTORY/NAME}.
 *
 * @param listen {@code host:port}, or empty for no server
 */
public record ServerConfig(String listen, Optional<Sensitive<byte[]>> token, Optional<Path> tlsCert,
    Optional<Path> tlsKey, long maxBodyBytes, Map<Provider, Sensitive<byte[]>> webhookSecrets,
    Optional<Sensitive<byte[]>> gitToken) {
  private static final Set<String> SERVER = Set.of("listen", "tokenFile", "tokenCredential", "tlsCertFile",
      "tlsKeyFile", "maxBodyBytes");
  private static final Set<String> HOOK = Set.of("secretFile", "secretCredential");
  private static final Set<String> GIT = Set.of("enabled", "tokenFile", "tokenCredential");

  public ServerConfig {
    webhookSecrets = Map.copyOf(webhookSecrets);
  }

  public static ServerConfig off() {
    return new ServerConfig("", Optional.empty(), Optional.empty(), Optional.empty(), 25L << 20, Map.of(), Optional.empty());
  }

  public boolean enabled() {
    return !listen.isBlank();
  }

  /** Whether plumb serves the fleet repository itself ({@code gitServer.enabled}). */
  public boolean gitServer() {
    return gitToken.isPresent();
  }

  /** Reads the three sections; {@code env} supplies CREDENTIALS_DIRECTORY. */
  @SuppressWarnings("unchecked")
  public static ServerConfig parse(Path file, Object server, Object webhooks, Object git, Map<String, String> env) {
    Map<String, Object> s = server instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    known(file, "server", s, SERVER);
    Optional<Sensitive<byte[]>> token = secret(file, "server", s, "tokenFile", "tokenCredential", env);
    long max = s.get("maxBodyBytes") instanceof Number n ? n.longValue() : 25L << 20;
    Map<Provider, Sensitive<byte[]>> secrets = new EnumMap<>(Provider.class);
    Map<String, Object> w = webhooks instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    for (Map.Entry<String, Object> e : w.entrySet()) {
      Provider p = java.util.Arrays.stream(Provider.values()).filter(x -> x.id().equals(e.getKey())).findFirst()
          .orElseThrow(() -> new PlumbException(file + ": unknown webhook provider 'webhooks." + e.getKey()
              + "' (known: github, gitlab, gitea, forgejo, gogs, bitbucket, generic)"));
      Map<String, Object> h = e.getValue() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      known(file, "webhooks." + e.getKey(), h, HOOK);
      secrets.put(p, secret(file, "webhooks." + e.getKey(), h, "secretFile", "secretCredential", env)
          .orElseThrow(() -> new PlumbException(file + ": webhooks." + e.getKey() + " needs secretFile or secretCredential")));
    }
    Map<String, Object> g = git instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    known(file, "gitServer", g, GIT);
    Optional<Sensitive<byte[]>> gitToken = Optional.empty();
    if (Boolean.TRUE.equals(g.get("enabled"))) {
      gitToken = Optional.of(secret(file, "gitServer", g, "tokenFile", "tokenCredential", env).orElseThrow(() ->
          new PlumbException(file + ": gitServer needs tokenFile or tokenCredential (pushes are authenticated)")));
      if (String.valueOf(s.getOrDefault("listen", "")).isBlank()) {
        throw new PlumbException(file + ": gitServer needs server.listen");
      }
    }
    return new ServerConfig(String.valueOf(s.getOrDefault("listen", "")), token, path(s.get("tlsCertFile")),
        path(s.get("tlsKeyFile")), max, secrets, gitToken);
  }

  private static void known(Path file, String where, Map<String, Object> m, Set<String> keys) {
    for (String k : m.keySet()) {
      if (!keys.contains(k)) {
        throw new PlumbException(file + ": unknown field '" + where + "." + k + "' (known: "
            + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
      }
    }
  }

  private static Optional<Path> path(Object o) {
    return o == null || String.valueOf(o).isBlank() ? Optional.empty() : Optional.of(Path.of(String.valueOf(o)));
  }

  /**
   * A secret named in a config section by {@code fileKey} (a file) or {@code credKey} (a systemd
   * credential under CREDENTIALS_DIRECTORY); empty when neither is set.
   */
  public static Optional<Sensitive<byte[]>> secret(Path file, String where, Map<String, Object> m, String fileKey,
      String credKey, Map<String, String> env) {
    Path p = null;
    if (m.get(fileKey) != null) {
      p = Path.of(String.valueOf(m.get(fileKey)));
    } else if (m.get(credKey) != null) {
      String dir = env.get("CREDENTIALS_DIRECTORY");
      if (dir == null || dir.isBlank()) {
        throw new PlumbException(file + ": " + where + "." + credKey + " names a systemd credential, but"
            + " CREDENTIALS_DIRECTORY is not set (LoadCredential= in the unit)");
      }
      p = Path.of(dir, String.valueOf(m.get(credKey)));
    }
    if (p == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Sensitive.of(Files.readString(p).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new PlumbException(file + ": " + where + ": cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
