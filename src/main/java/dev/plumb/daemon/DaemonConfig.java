package dev.plumb.daemon;

import dev.plumb.fleet.PlumbException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The daemon's configuration (daemon/plumb.yaml is the documented example), read once at start.
 * Every field but repository.url has a default.
 */
public record DaemonConfig(String url, String branch, String tokenEnv, Duration pollInterval, Duration fetchTimeout,
    int talosPort, DaemonKeys keys, Path stateDir, boolean allowHistoryRewrite, Duration settleTimeout,
    Path sshKeyFile, Path knownHostsFile, Retention journalRetention, dev.plumb.server.ServerConfig server,
    List<String> renderEnv, dev.plumb.source.SigningPolicy signedCommits,
    dev.plumb.report.notify.NotifyConfig notifications, dev.plumb.server.NetbootConfig netboot,
    KubeconfigFiles kubeconfigs) {
  private static final Set<String> TOP = Set.of("repository", "pollInterval", "fetchTimeout", "talosPort",
      "ageKeyFiles", "ageKeyCredential", "ageKeyCommand", "ageKeyCommandTimeout", "stateDir", "allowHistoryRewrite",
      "settleTimeout", "journal", "server", "webhooks", "gitServer", "renderEnv", "signedCommits", "notifications",
      "netboot", "kubernetes");
  /** Where plumb keeps the repository it serves with gitServer, under the state directory. */
  public static final String SERVED_REPO = "served/fleet.git";
  private static final Set<String> JOURNAL = Set.of("maxAge", "maxEvents");
  private static final Set<String> REPO = Set.of("url", "branch", "tokenEnv", "sshKeyFile", "knownHostsFile");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @SuppressWarnings("unchecked")
  public static DaemonConfig load(Path file) {
    Map<String, Object> m;
    try {
      Object o = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
      m = o instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
    } catch (IOException | RuntimeException e) {
      throw new PlumbException("cannot read daemon config " + file + ": " + e.getMessage(), e);
    }
    for (String k : m.keySet()) {
      if (!TOP.contains(k)) {
        throw new PlumbException(file + ": unknown field '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(TOP)) + ")");
      }
    }
    Map<String, Object> repo = m.get("repository") instanceof Map<?, ?> r ? (Map<String, Object>) r : Map.of();
    for (String k : repo.keySet()) {
      if (!REPO.contains(k)) {
        throw new PlumbException(file + ": unknown field 'repository." + k + "' (known: url, branch, tokenEnv)");
      }
    }
    Object url = repo.get("url");
    boolean served = m.get("gitServer") instanceof Map<?, ?> g && Boolean.TRUE.equals(g.get("enabled"));
    if (served && (url == null || String.valueOf(url).isBlank())) {
      // plumb serves the fleet repository itself and follows its own copy
      url = Path.of(str(m, "stateDir", "/var/lib/plumb")).resolve(SERVED_REPO).toUri().toString();
    }
    if (url == null || String.valueOf(url).isBlank()) {
      throw new PlumbException(file + ": repository.url is required (or gitServer.enabled: plumb serves the repository)");
    }
    DaemonKeys keys = keys(file, m);
    return new DaemonConfig(String.valueOf(url), str(repo, "branch", "main"), str(repo, "tokenEnv", "PLUMB_GIT_TOKEN"),
        duration(file, m, "pollInterval", "1m"), duration(file, m, "fetchTimeout", "60s"),
        Integer.parseInt(str(m, "talosPort", "50000")), keys, Path.of(str(m, "stateDir", "/var/lib/plumb")),
        Boolean.parseBoolean(str(m, "allowHistoryRewrite", "false")), duration(file, m, "settleTimeout", "30m"),
        repo.get("sshKeyFile") == null ? null : Path.of(String.valueOf(repo.get("sshKeyFile"))),
        repo.get("knownHostsFile") == null ? null : Path.of(String.valueOf(repo.get("knownHostsFile"))),
        retention(file, m.get("journal")),
        dev.plumb.server.ServerConfig.parse(file, m.get("server"), m.get("webhooks"), m.get("gitServer"), System.getenv()),
        names(file, m.get("renderEnv")),
        dev.plumb.source.SigningPolicy.parse(file, m.get("signedCommits")),
        dev.plumb.report.notify.NotifyConfig.parse(file, m.get("notifications"), String.valueOf(url), System.getenv()),
        dev.plumb.server.NetbootConfig.parse(file, m.get("netboot"),
            m.get("server") instanceof Map<?, ?> sv && sv.get("listen") != null && !String.valueOf(sv.get("listen")).isBlank()),
        KubeconfigFiles.parse(file, m.get("kubernetes")));
  }

  /** renderEnv: the environment variables rendering may substitute (see {@link RenderEnv}). */
  private static List<String> names(Path file, Object o) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String s) || !s.matches("[A-Za-z_][A-Za-z0-9_]*"))) {
      throw new PlumbException(file + ": renderEnv: expected a list of environment variable names, got " + o);
    }
    return l.stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static Retention retention(Path file, Object o) {
    Map<String, Object> j = o instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
    for (String k : j.keySet()) {
      if (!JOURNAL.contains(k)) {
        throw new PlumbException(file + ": unknown field 'journal." + k + "' (known: maxAge, maxEvents)");
      }
    }
    Duration age = j.containsKey("maxAge") ? duration(file, j, "maxAge", "") : Retention.DEFAULT.maxAge();
    Object max = j.getOrDefault("maxEvents", Retention.DEFAULT.maxEvents());
    if (!(max instanceof Integer n) || n < 1 || age.isZero()) {
      throw new PlumbException(file + ": journal: expected a positive maxAge (such as 30d) and maxEvents, got "
          + age + " and " + max);
    }
    return new Retention(age, n);
  }

  private static DaemonKeys keys(Path file, Map<String, Object> m) {
    List<Path> files = new ArrayList<>();
    if (m.get("ageKeyFiles") instanceof List<?> l) {
      l.forEach(x -> files.add(Path.of(String.valueOf(x))));
    }
    List<String> command = new ArrayList<>();
    Object cmd = m.get("ageKeyCommand");
    if (cmd instanceof List<?> l) {
      l.forEach(x -> command.add(String.valueOf(x)));
    } else if (cmd != null) {
      try {
        command.addAll(dev.plumb.render.sops.KeyCommand.split(String.valueOf(cmd)));
      } catch (RuntimeException e) {
        throw new PlumbException(file + ": ageKeyCommand: " + e.getMessage());
      }
    }
    return new DaemonKeys(str(m, "ageKeyCredential", DaemonKeys.DEFAULT_CREDENTIAL), files, command,
        duration(file, m, "ageKeyCommandTimeout", "30s"));
  }

  private static String str(Map<String, Object> m, String k, String def) {
    Object v = m.get(k);
    return v == null ? def : String.valueOf(v);
  }

  private static Duration duration(Path file, Map<String, Object> m, String k, String def) {
    String s = str(m, k, def);
    Matcher d = DURATION.matcher(s);
    if (!d.matches()) {
      throw new PlumbException(file + ": " + k + ": expected a duration such as 30s, 1m or 2h, got '" + s + "'");
    }
    long n = Long.parseLong(d.group(1));
    return switch (d.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofHours(n);
    };
  }
}
