package dev.plumb.observe;

/** Whether and how a node answered. */
public enum Reach {
  /** Answered over mutual TLS with the cluster's CA. */
  UP,
  /** Has no config: answers only the insecure maintenance API. */
  MAINTENANCE,
  /** Did not answer (refused, reset, timed out). */
  UNREACHABLE,
  /** Answered but not as this cluster's node (TLS or permission error). */
  FOREIGN
}
