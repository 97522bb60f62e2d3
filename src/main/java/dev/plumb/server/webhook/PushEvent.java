package dev.plumb.server.webhook;

import java.util.List;

/**
 * What a webhook delivery says, reduced to what plumb acts on: which repository (every URL form
 * the payload gives), which ref, the commits before and after. Only a hint: plumb fetches and
 * reads Git itself before anything is applied.
 *
 * @param kind {@code PUSH} for a ref update, {@code PING} for a hook test, {@code OTHER} for an
 *     event that never triggers (a merge request, an issue, a Gitea {@code create})
 */
public record PushEvent(Provider provider, Kind kind, String deliveryId, List<String> repoUrls, String ref,
    String before, String after) {
  /** What sort of delivery this is. */
  public enum Kind { PUSH, PING, OTHER }

  static final String ZERO = "0".repeat(40);

  public PushEvent {
    repoUrls = List.copyOf(repoUrls);
  }

  /** A branch deletion or a tag deletion: {@code after} is the zero id (40 or 64 zeros). */
  public boolean deletion() {
    return after.isEmpty() || after.chars().allMatch(c -> c == '0');
  }

  /** A new branch or tag: {@code before} is the zero id. */
  public boolean creation() {
    return !before.isEmpty() && before.chars().allMatch(c -> c == '0');
  }

  /** The branch name when the ref is a branch ({@code refs/heads/x}), else empty. */
  public String branch() {
    return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : "";
  }
}
