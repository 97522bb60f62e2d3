package dev.plumb.report.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.render.sops.Sensitive;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * Slack and Discord incoming webhooks, with the payload Flux's notification-controller sends
 * (internal/notifier/slack.go): one attachment coloured {@code good} or {@code danger}, the
 * object as author, the message as mrkdwn text, and the revision and wave as fields. Discord
 * takes the same payload at its Slack-compatible endpoint, the hook URL plus {@code /slack}
 * (internal/notifier/discord.go).
 */
final class ChatTarget implements Target {
  private final String name;
  private final Sensitive<URI> url;
  private final String channel;
  private final String username;

  private ChatTarget(String name, Sensitive<URI> url, String channel, String username) {
    this.name = name;
    this.url = url;
    this.channel = channel;
    this.username = username;
  }

  static ChatTarget slack(String name, Sensitive<URI> url, String channel, String username) {
    return new ChatTarget(name, url, channel, username);
  }

  static ChatTarget discord(String name, Sensitive<URI> url, String username) {
    return new ChatTarget(name, url.map(u -> u.getPath().endsWith("/slack") ? u
        : URI.create(u.toString().replaceAll("/+$", "") + "/slack")), "", username);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<HttpRequest> request(RolloutEvent e) {
    ObjectNode p = Json.object();
    if (!channel.isEmpty()) {
      p.put("channel", channel);
    }
    p.put("username", username.isEmpty() ? "plumb" : username);
    ObjectNode a = p.putArray("attachments").addObject();
    a.put("color", e.kind() == RolloutEvent.Kind.HALTED ? "danger" : "good");
    a.put("author_name", "cluster/" + e.cluster());
    a.put("text", e.message());
    a.putArray("mrkdwn_in").add("text");
    ArrayNode fields = a.putArray("fields");
    field(fields, "revision", e.shortRevision());
    if (!e.wave().isEmpty()) {
      field(fields, "wave", e.wave());
    }
    field(fields, "reason", e.kind().reason());
    return Optional.of(Json.post(url.reveal(), Json.bytes(p)).build());
  }

  private static void field(ArrayNode fields, String title, String value) {
    fields.addObject().put("title", title).put("value", value).put("short", false);
  }
}
