package dev.plumb.report.notify;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.sops.Sensitive;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code notifications} section of the daemon config (daemon/plumb.yaml documents it): chat
 * and webhook targets, the forge that gets commit statuses, and the queue. Every URL that embeds
 * a token (Slack, Discord, Teams) and every token or HMAC secret is read from a file or a systemd
 * credential, never written in the config itself.
 */
public record NotifyConfig(List<Target> targets, Dispatcher.Settings settings) {
  private static final Set<String> TOP = Set.of("targets", "commitStatus", "queueSize", "maxAttempts", "firstBackoff");
  private static final Set<String> TARGET = Set.of("type", "url", "urlFile", "urlCredential", "secretFile",
      "secretCredential", "channel", "username");
  private static final Set<String> STATUS = Set.of("provider", "tokenFile", "tokenCredential", "apiUrl", "repository");

  public NotifyConfig {
    targets = List.copyOf(targets);
  }

  public static NotifyConfig none() {
    return new NotifyConfig(List.of(), Dispatcher.Settings.DEFAULT);
  }

  /** Reads the section; {@code repoUrl} (repository.url) names the repository commit statuses go to. */
  @SuppressWarnings("unchecked")
  public static NotifyConfig parse(Path file, Object section, String repoUrl, Map<String, String> env) {
    if (section == null) {
      return none();
    }
    Map<String, Object> m = map(file, "notifications", section);
    known(file, "notifications", m, TOP);
    List<Target> targets = new ArrayList<>();
    Object list = m.getOrDefault("targets", List.of());
    if (!(list instanceof List<?> l)) {
      throw new PlumbException(file + ": notifications.targets: expected a list of targets");
    }
    for (int i = 0; i < l.size(); i++) {
      targets.add(target(file, "notifications.targets[" + i + "]", map(file, "notifications.targets[" + i + "]",
          l.get(i)), env));
    }
    if (m.get("commitStatus") != null) {
      targets.add(status(file, map(file, "notifications.commitStatus", m.get("commitStatus")), repoUrl, env));
    }
    Dispatcher.Settings d = Dispatcher.Settings.DEFAULT;
    int queue = integer(file, m, "queueSize", d.queueSize());
    int attempts = integer(file, m, "maxAttempts", d.maxAttempts());
    Duration first = m.get("firstBackoff") == null ? d.firstBackoff() : millis(file, String.valueOf(m.get("firstBackoff")));
    return new NotifyConfig(targets, new Dispatcher.Settings(queue, attempts, first, d.maxBackoff()));
  }

  private static Target target(Path file, String where, Map<String, Object> t, Map<String, String> env) {
    known(file, where, t, TARGET);
    String type = String.valueOf(t.getOrDefault("type", ""));
    String name = where.substring("notifications.".length()) + " (" + type + ")";
    String channel = String.valueOf(t.getOrDefault("channel", ""));
    String username = String.valueOf(t.getOrDefault("username", ""));
    return switch (type) {
      case "slack" -> ChatTarget.slack(name, secretUrl(file, where, t, env), channel, username);
      case "discord" -> ChatTarget.discord(name, secretUrl(file, where, t, env), username);
      case "msteams" -> new TeamsTarget(name, secretUrl(file, where, t, env));
      case "webhook" -> new WebhookTarget(name, secretUrl(file, where, t, env),
          dev.plumb.server.ServerConfig.secret(file, where, t, "secretFile", "secretCredential", env));
      default -> throw new PlumbException(file + ": " + where + ".type: expected slack, discord, msteams or webhook,"
          + " got '" + type + "'");
    };
  }

  private static Target status(Path file, Map<String, Object> s, String repoUrl, Map<String, String> env) {
    String where = "notifications.commitStatus";
    known(file, where, s, STATUS);
    String provider = String.valueOf(s.getOrDefault("provider", ""));
    CommitStatusTarget.Forge forge = CommitStatusTarget.Forge.of(provider).orElseThrow(() -> new PlumbException(
        file + ": " + where + ".provider: expected github, gitlab, gitea or forgejo, got '" + provider + "'"));
    Optional<String[]> hp = CommitStatusTarget.hostAndPath(repoUrl);
    String repo = s.get("repository") != null ? String.valueOf(s.get("repository"))
        : hp.map(x -> x[1]).orElseThrow(() -> new PlumbException(file + ": " + where + ".repository: repository.url ("
            + repoUrl + ") names no forge repository; give repository: OWNER/REPO"));
    String api = s.get("apiUrl") != null ? String.valueOf(s.get("apiUrl"))
        : hp.map(x -> forge.defaultApi(x[0])).orElseThrow(() -> new PlumbException(file + ": " + where
            + ".apiUrl is required when repository.url names no forge host"));
    Sensitive<byte[]> token = dev.plumb.server.ServerConfig.secret(file, where, s, "tokenFile", "tokenCredential", env).orElseThrow(() ->
        new PlumbException(file + ": " + where + " needs tokenFile or tokenCredential"));
    return new CommitStatusTarget(forge, api, repo, token);
  }

  private static Sensitive<URI> secretUrl(Path file, String where, Map<String, Object> t, Map<String, String> env) {
    Optional<Sensitive<byte[]>> s = dev.plumb.server.ServerConfig.secret(file, where, t, "urlFile", "urlCredential", env);
    String plain = t.get("url") == null ? null : String.valueOf(t.get("url"));
    if (s.isEmpty() && plain == null) {
      throw new PlumbException(file + ": " + where + " needs url, urlFile or urlCredential");
    }
    String u = s.map(x -> new String(x.reveal(), StandardCharsets.UTF_8)).orElse(plain);
    try {
      URI uri = URI.create(u);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return Sensitive.of(uri);
    } catch (IllegalArgumentException e) {
      // the URL itself may be a secret: say where it came from, not what it is
      throw new PlumbException(file + ": " + where + ": the webhook URL is not an http(s) URL");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Path file, String where, Object o) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new PlumbException(file + ": " + where + ": expected a map");
    }
    return (Map<String, Object>) m;
  }

  private static void known(Path file, String where, Map<String, Object> m, Set<String> keys) {
    for (String k : m.keySet()) {
      if (!keys.contains(k)) {
        throw new PlumbException(file + ": unknown field '" + where + "." + k + "' (known: "
            + String.join(", ", new TreeSet<>(keys)) + ")");
      }
    }
  }

  private static int integer(Path file, Map<String, Object> m, String k, int def) {
    Object v = m.get(k);
    if (v == null) {
      return def;
    }
    if (!(v instanceof Integer n) || n < 1) {
      throw new PlumbException(file + ": notifications." + k + ": expected a positive number, got " + v);
    }
    return n;
  }

  private static Duration millis(Path file, String s) {
    java.util.regex.Matcher d = java.util.regex.Pattern.compile("(\\d+)(ms|s)").matcher(s);
    if (!d.matches()) {
      throw new PlumbException(file + ": notifications.firstBackoff: expected a duration such as 500ms or 2s, got '"
          + s + "'");
    }
    long n = Long.parseLong(d.group(1));
    return d.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
  }
}
