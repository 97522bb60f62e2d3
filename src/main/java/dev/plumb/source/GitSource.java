package dev.plumb.source;

/** Where desired state comes from. */
public interface GitSource extends AutoCloseable {
  /**
   * Fetches the configured ref and returns its snapshot. Never writes a working tree; a failure to
   * reach the server is a {@link SourceUnavailableException}.
   */
  Snapshot fetch();

  /** Whether {@code descendant} has {@code ancestor} in its history (a fast-forward). */
  boolean isDescendant(Revision ancestor, Revision descendant);

  @Override
  void close();
}
