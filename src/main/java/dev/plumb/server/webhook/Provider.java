package dev.plumb.server.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The forges plumb takes webhooks from. Detected from the headers in the order of
 * reference/webhooks.md §7: Forgejo and Gitea also send GitHub's headers, so GitHub comes last.
 */
public enum Provider {
  FORGEJO("x-forgejo-event", "x-forgejo-delivery"),
  GITEA("x-gitea-event", "x-gitea-delivery"),
  GOGS("x-gogs-event", "x-gogs-delivery"),
  GITLAB("x-gitlab-event", "x-gitlab-event-uuid"),
  BITBUCKET("x-event-key", "x-request-uuid"),
  GITHUB("x-github-event", "x-github-delivery"),
  /** plumb's own form for scripts: {@code X-Plumb-Signature: sha256=<hex>} over the body. */
  GENERIC("x-plumb-event", "x-plumb-delivery");

  final String eventHeader;
  final String deliveryHeader;

  Provider(String eventHeader, String deliveryHeader) {
    this.eventHeader = eventHeader;
    this.deliveryHeader = deliveryHeader;
  }

  /** The provider whose event header is present; headers keyed in lower case. */
  public static Optional<Provider> detect(Map<String, String> headers) {
    for (Provider p : values()) {
      if (headers.containsKey(p.eventHeader)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The name used in configuration and metrics: github, gitlab, gitea, forgejo, gogs, bitbucket, generic. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The delivery id, for de-duplication: GitLab's Idempotency-Key when its event UUID is absent. */
  String deliveryId(Map<String, String> headers) {
    String id = headers.getOrDefault(deliveryHeader, "");
    if (id.isEmpty() && this == GITLAB) {
      id = headers.getOrDefault("idempotency-key", "");
    }
    if (id.isEmpty() && this == BITBUCKET) {
      id = headers.getOrDefault("x-request-id", "");
    }
    return id;
  }
}
