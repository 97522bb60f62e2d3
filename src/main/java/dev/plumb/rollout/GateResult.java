package dev.plumb.rollout;

/** A gate's verdict on a fresh observation: passed, still pending (and why), or failed (and why). */
public record GateResult(State state, String why) {
  public enum State { PASSED, PENDING, FAILED }

  static GateResult passed() {
    return new GateResult(State.PASSED, "");
  }

  static GateResult pending(String why) {
    return new GateResult(State.PENDING, why);
  }

  static GateResult failed(String why) {
    return new GateResult(State.FAILED, why);
  }
}
