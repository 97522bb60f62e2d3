package dev.plumb.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of reference/webhooks.md §1 out of each provider's push body: the repository's
 * URLs, the ref, and the commits before and after. Everything else in the payload (commit lists,
 * head_commit) is ignored: plumb reads Git itself.
 */
final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  /** The event of a verified body; {@code IOException} when the body is not JSON. */
  static PushEvent parse(Provider p, Map<String, String> headers, byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IOException("the body is not a JSON object");
    }
    String id = p.deliveryId(headers);
    String event = headers.getOrDefault(p.eventHeader, "");
    return switch (p) {
      case GITHUB, GENERIC -> github(p, id, event, root);
      case GITEA, FORGEJO, GOGS -> gitea(p, id, event, root);
      case GITLAB -> gitlab(id, root);
      case BITBUCKET -> bitbucket(id, event, root);
    };
  }

  private static PushEvent github(Provider p, String id, String event, JsonNode root) {
    if (event.equals("ping")) {
      return other(p, PushEvent.Kind.PING, id, root.path("repository"));
    }
    if (!event.equals("push")) {
      return other(p, PushEvent.Kind.OTHER, id, root.path("repository"));
    }
    JsonNode repo = root.path("repository");
    return new PushEvent(p, PushEvent.Kind.PUSH, id, urls(repo, "clone_url", "ssh_url", "html_url", "git_url", "url"),
        text(root, "ref"), text(root, "before"), text(root, "after"));
  }

  private static PushEvent gitea(Provider p, String id, String event, JsonNode root) {
    if (!event.equals("push")) {
      return other(p, PushEvent.Kind.OTHER, id, root.path("repository")); // create/delete come with a push, or alone
    }
    JsonNode repo = root.path("repository");
    return new PushEvent(p, PushEvent.Kind.PUSH, id, urls(repo, "clone_url", "ssh_url", "html_url"), text(root, "ref"),
        text(root, "before"), text(root, "after"));
  }

  private static PushEvent gitlab(String id, JsonNode root) {
    String kind = text(root, "object_kind");
    JsonNode project = root.path("project");
    List<String> urls = urls(project, "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url");
    urls.addAll(urls(root.path("repository"), "git_http_url", "git_ssh_url", "homepage"));
    if (!kind.equals("push") && !kind.equals("tag_push")) {
      return new PushEvent(Provider.GITLAB, PushEvent.Kind.OTHER, id, urls, "", "", "");
    }
    return new PushEvent(Provider.GITLAB, PushEvent.Kind.PUSH, id, urls, text(root, "ref"), text(root, "before"),
        text(root, "after"));
  }

  /** Bitbucket Cloud: the last change of the push; a repository has no clone URL, only its page. */
  private static PushEvent bitbucket(String id, String event, JsonNode root) {
    JsonNode repo = root.path("repository");
    List<String> urls = new ArrayList<>();
    String html = repo.path("links").path("html").path("href").asText("");
    if (!html.isEmpty()) {
      urls.add(html);
    }
    if (!event.equals("repo:push")) {
      return new PushEvent(Provider.BITBUCKET, PushEvent.Kind.OTHER, id, urls, "", "", "");
    }
    JsonNode changes = root.path("push").path("changes");
    JsonNode last = changes.size() == 0 ? JSON.createObjectNode() : changes.get(changes.size() - 1);
    JsonNode n = last.path("new");
    JsonNode o = last.path("old");
    String type = n.isObject() ? n.path("type").asText("") : o.path("type").asText("");
    String name = n.isObject() ? n.path("name").asText("") : o.path("name").asText("");
    String ref = (type.equals("tag") ? "refs/tags/" : "refs/heads/") + name;
    return new PushEvent(Provider.BITBUCKET, PushEvent.Kind.PUSH, id, urls, ref,
        o.isObject() ? o.path("target").path("hash").asText("") : PushEvent.ZERO,
        n.isObject() ? n.path("target").path("hash").asText("") : PushEvent.ZERO);
  }

  private static PushEvent other(Provider p, PushEvent.Kind kind, String id, JsonNode repo) {
    return new PushEvent(p, kind, id, urls(repo, "clone_url", "ssh_url", "html_url"), "", "", "");
  }

  private static List<String> urls(JsonNode obj, String... fields) {
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      String v = obj.path(f).asText("");
      if (!v.isEmpty()) {
        out.add(v);
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText("");
  }
}
