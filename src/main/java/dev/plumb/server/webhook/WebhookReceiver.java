package dev.plumb.server.webhook;

import dev.plumb.render.sops.Sensitive;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one webhook delivery and decides: verify the signature over the raw body (401 when it
 * fails, before any parsing), drop a repeated delivery id, ignore what is not a push to the
 * tracked repository and branch (202), and otherwise hand a trigger to the daemon (202 too:
 * the reconcile runs after the answer). Branch deletions, tag pushes and Gitea's test delivery
 * (all-zero commit) never trigger. The payload is only a hint: the daemon fetches Git itself.
 */
public final class WebhookReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  /** The answer: an HTTP status and a one-line message for the forge's delivery log. */
  public record Reply(int status, String message, boolean triggered, String provider) {}

  private final String repoUrl;
  private final String branch;
  private final Map<Provider, Sensitive<byte[]>> secrets;
  private final DeliveryIds seen;
  private final Consumer<PushEvent> trigger;

  /**
   * @param secrets per provider, the shared secret (GitLab: the token); a provider without one is
   *     refused, since an unauthenticated trigger would let anybody make plumb fetch
   */
  public WebhookReceiver(String repoUrl, String branch, Map<Provider, Sensitive<byte[]>> secrets, DeliveryIds seen,
      Consumer<PushEvent> trigger) {
    this.repoUrl = repoUrl;
    this.branch = branch;
    this.secrets = Map.copyOf(secrets);
    this.seen = seen;
    this.trigger = trigger;
  }

  public Reply receive(Map<String, String> rawHeaders, String contentType, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    rawHeaders.forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v == null ? "" : v));
    Optional<Provider> detected = Provider.detect(headers);
    if (detected.isEmpty()) {
      return reply(400, "no known webhook event header (X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event, ...)", null);
    }
    Provider p = detected.get();
    Sensitive<byte[]> secret = secrets.get(p);
    if (secret == null) {
      return reply(403, p.id() + " webhooks are not configured (no secret for them)", p);
    }
    byte[] json = body;
    boolean form = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT)
        .startsWith("application/x-www-form-urlencoded");
    if (form) {
      json = formPayload(body);
    }
    // GitHub and Bitbucket sign the raw body; Gitea, Forgejo and Gogs the JSON text, also in a form body
    byte[] signed = form && (p == Provider.GITEA || p == Provider.FORGEJO || p == Provider.GOGS) ? json : body;
    Optional<String> bad = Signatures.verify(p, headers, signed, secret.reveal());
    if (bad.isPresent()) {
      return reply(401, bad.get(), p);
    }
    PushEvent e;
    try {
      e = Payloads.parse(p, headers, json);
    } catch (IOException ex) {
      return reply(400, p.id() + ": the body is not a JSON push payload", p);
    }
    if (!e.deliveryId().isEmpty() && !seen.firstTime(p.id() + ":" + e.deliveryId())) {
      return reply(200, p.id() + ": delivery " + e.deliveryId() + " was already received", p);
    }
    return route(e);
  }

  private Reply route(PushEvent e) {
    Provider p = e.provider();
    if (e.kind() == PushEvent.Kind.PING) {
      return reply(200, p.id() + ": ping received", p);
    }
    if (e.kind() != PushEvent.Kind.PUSH) {
      return reply(202, p.id() + ": not a push event, ignored", p);
    }
    if (e.repoUrls().stream().noneMatch(u -> RepoUrls.same(u, repoUrl))) {
      return reply(202, p.id() + ": push to another repository (" + String.join(", ", e.repoUrls()) + "), ignored", p);
    }
    if (!e.branch().equals(branch)) {
      return reply(202, p.id() + ": push to " + e.ref() + ", plumb follows refs/heads/" + branch + ", ignored", p);
    }
    if (e.deletion()) {
      return reply(202, p.id() + ": " + e.ref() + " was deleted; nothing to fetch", p);
    }
    if (e.after().equals(e.before())) {
      return reply(202, p.id() + ": test delivery (no new commit), ignored", p);
    }
    trigger.accept(e);
    return new Reply(202, p.id() + ": push to " + branch + " at " + shortId(e.after()) + ", reconcile queued", true, p.id());
  }

  private static byte[] formPayload(byte[] body) {
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
      if (pair.startsWith("payload=")) {
        return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8)
            .getBytes(StandardCharsets.UTF_8);
      }
    }
    return new byte[0];
  }

  private static Reply reply(int status, String message, Provider p) {
    if (status >= 400) {
      LOG.warn("webhook refused ({}): {}", status, message);
    } else {
      LOG.info("webhook: {}", message);
    }
    return new Reply(status, message, false, p == null ? "unknown" : p.id());
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
