package dev.plumb.source;

/**
 * The fetched head is not signed by a trusted key (signed commits are on). Nothing of it may be
 * applied; the daemon stalls on it until a new commit arrives, and the last good revision stays.
 */
public final class UntrustedCommitException extends SourceUnavailableException {
  private static final long serialVersionUID = 1L;
  private final transient Snapshot snapshot;

  public UntrustedCommitException(Snapshot snapshot, String message) {
    super(message, null);
    this.snapshot = snapshot;
  }

  /** The refused commit (its files must not be rendered or applied). */
  public Snapshot snapshot() {
    return snapshot;
  }
}
