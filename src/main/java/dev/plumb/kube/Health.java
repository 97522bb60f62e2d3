package dev.plumb.kube;

/** An object's health as kstatus computes it, with the reason in words. */
public record Health(State state, String reason) {
  public enum State {
    /** kstatus Current: the object is what its spec asks for. */
    HEALTHY,
    /** kstatus InProgress or Terminating: not there yet. */
    PROGRESSING,
    /** kstatus Failed: will not get there without a change. */
    FAILED,
    /** The object does not exist. */
    MISSING
  }

  public static Health healthy(String reason) {
    return new Health(State.HEALTHY, reason);
  }

  public static Health progressing(String reason) {
    return new Health(State.PROGRESSING, reason);
  }

  public static Health failed(String reason) {
    return new Health(State.FAILED, reason);
  }

  @Override
  public String toString() {
    return state.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason;
  }
}
