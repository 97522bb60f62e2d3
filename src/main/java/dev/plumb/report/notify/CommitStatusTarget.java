package dev.plumb.report.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.render.sops.Sensitive;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The commit status of the revision being rolled out, one status context per cluster
 * ({@code plumb/CLUSTER}): pending when the rollout starts, success when the cluster converged,
 * failure (with the halt's reason) when it halted. Wave passes are not statuses.
 * <ul>
 *   <li>GitHub: {@code POST /repos/OWNER/REPO/statuses/SHA}, {@code Authorization: Bearer TOKEN};
 *   <li>GitLab: {@code POST /projects/ID/statuses/SHA} (ID the URL-encoded path, nested groups
 *       included), {@code PRIVATE-TOKEN}; states pending, success, failed;
 *   <li>Gitea and Forgejo: {@code POST /repos/OWNER/REPO/statuses/SHA}, {@code Authorization: token TOKEN}.
 * </ul>
 * A description is cut to GitHub's 140 characters.
 */
final class CommitStatusTarget implements Target {
  /** The forges whose commit status API plumb speaks. */
  enum Forge {
    GITHUB, GITLAB, GITEA;

    static Optional<Forge> of(String id) {
      return switch (id.toLowerCase(Locale.ROOT)) {
        case "github" -> Optional.of(GITHUB);
        case "gitlab" -> Optional.of(GITLAB);
        case "gitea", "forgejo" -> Optional.of(GITEA);
        default -> Optional.empty();
      };
    }

    /** The API root for a repository on {@code host}, unless the config names one. */
    String defaultApi(String host) {
      return switch (this) {
        case GITHUB -> host.equals("github.com") ? "https://api.github.com" : "https://" + host + "/api/v3";
        case GITLAB -> "https://" + host + "/api/v4";
        case GITEA -> "https://" + host + "/api/v1";
      };
    }
  }

  static final int MAX_DESCRIPTION = 140;
  private final Forge forge;
  private final String api;
  private final String repoPath;
  private final Sensitive<byte[]> token;

  /**
   * @param api the API root without a trailing slash
   * @param repoPath {@code owner/repo}, or for GitLab the whole project path
   */
  CommitStatusTarget(Forge forge, String api, String repoPath, Sensitive<byte[]> token) {
    this.forge = forge;
    this.api = api.replaceAll("/+$", "");
    this.repoPath = repoPath;
    this.token = token;
  }

  @Override
  public String name() {
    return forge.name().toLowerCase(Locale.ROOT) + " commit status";
  }

  @Override
  public Optional<HttpRequest> request(RolloutEvent e) {
    if (e.kind() == RolloutEvent.Kind.WAVE_PASSED) {
      return Optional.empty();
    }
    String state = switch (e.kind()) {
      case STARTED -> "pending";
      case CONVERGED -> "success";
      default -> forge == Forge.GITLAB ? "failed" : "failure";
    };
    String description = e.message().length() <= MAX_DESCRIPTION ? e.message()
        : e.message().substring(0, MAX_DESCRIPTION - 3) + "...";
    ObjectNode body = Json.object().put("state", state).put("description", description);
    String tok = new String(token.reveal(), StandardCharsets.UTF_8);
    HttpRequest.Builder b;
    if (forge == Forge.GITLAB) {
      body.put("name", "plumb/" + e.cluster());
      b = Json.post(URI.create(api + "/projects/" + URLEncoder.encode(repoPath, StandardCharsets.UTF_8)
          + "/statuses/" + e.revision()), Json.bytes(body)).header("PRIVATE-TOKEN", tok);
    } else {
      body.put("context", "plumb/" + e.cluster());
      b = Json.post(URI.create(api + "/repos/" + repoPath + "/statuses/" + e.revision()), Json.bytes(body));
      if (forge == Forge.GITHUB) {
        b.header("Authorization", "Bearer " + tok).header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28");
      } else {
        b.header("Authorization", "token " + tok);
      }
    }
    return Optional.of(b.build());
  }

  /**
   * The host and repository path of a fleet repository address (https, ssh:// or scp-like
   * {@code git@host:path}), without {@code .git}; empty when it names no forge repository.
   */
  static Optional<String[]> hostAndPath(String url) {
    String u = url.strip();
    String host;
    String path;
    if (!u.contains("://") && u.matches("[^/@:]+@[^/:]+:.+")) {
      host = u.substring(u.indexOf('@') + 1, u.indexOf(':'));
      path = u.substring(u.indexOf(':') + 1);
    } else {
      try {
        URI uri = URI.create(u);
        if (uri.getHost() == null || uri.getPath() == null || "file".equals(uri.getScheme())) {
          return Optional.empty();
        }
        host = uri.getHost();
        path = uri.getPath();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    path = path.replaceAll("^/+|/+$", "").replaceAll("\\.git$", "");
    return path.contains("/") ? Optional.of(new String[] {host, path}) : Optional.empty();
  }
}
