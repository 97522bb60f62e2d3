package dev.plumb.source;

import java.util.regex.Pattern;

/** A Git commit id, 40 lower-case hex digits: the only way a commit travels through plumb. */
public record Revision(String id) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}");

  public Revision {
    if (id == null || !HEX.matcher(id).matches()) {
      throw new IllegalArgumentException("not a commit id: " + id);
    }
  }

  /** The first 12 digits, for messages. */
  public String shortId() {
    return id.substring(0, 12);
  }

  @Override
  public String toString() {
    return id;
  }
}
