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

  /**
   * The files of an earlier revision that the local cache holds (the daemon re-renders the last
   * applied revision for the credentials its nodes accept); empty when it is not there.
   */
  default java.util.Optional<dev.plumb.render.FileTree> treeAt(Revision revision) {
    return java.util.Optional.empty();
  }

  @Override
  void close();
}
