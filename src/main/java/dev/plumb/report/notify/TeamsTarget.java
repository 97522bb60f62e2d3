package dev.plumb.report.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.render.sops.Sensitive;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook: a {@code message} with one
 * Adaptive Card 1.4 attachment (title, the message in red for a halt, a fact set), the shape
 * Flux's notification-controller sends since Office 365 connectors were retired
 * (internal/notifier/teams.go).
 */
final class TeamsTarget implements Target {
  private final String name;
  private final Sensitive<URI> url;

  TeamsTarget(String name, Sensitive<URI> url) {
    this.name = name;
    this.url = url;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<HttpRequest> request(RolloutEvent e) {
    ObjectNode msg = Json.object().put("type", "message");
    ObjectNode att = msg.putArray("attachments").addObject();
    att.put("contentType", "application/vnd.microsoft.card.adaptive");
    ObjectNode card = att.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json").put("type", "AdaptiveCard")
        .put("version", "1.4");
    card.putObject("msteams").put("width", "Full");
    ArrayNode items = card.putArray("body").addObject().put("type", "Container").putArray("items");
    items.addObject().put("type", "TextBlock").put("text", "cluster/" + e.cluster()).put("size", "large")
        .put("weight", "bolder").put("wrap", true);
    ObjectNode text = items.addObject().put("type", "TextBlock").put("text", e.message()).put("wrap", true);
    if (e.kind() == RolloutEvent.Kind.HALTED) {
      text.put("color", "attention");
    }
    ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
    facts.addObject().put("title", "reason").put("value", e.kind().reason());
    facts.addObject().put("title", "revision").put("value", e.shortRevision());
    if (!e.wave().isEmpty()) {
      facts.addObject().put("title", "wave").put("value", e.wave());
    }
    return Optional.of(Json.post(url.reveal(), Json.bytes(msg)).build());
  }
}
