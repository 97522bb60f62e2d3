package dev.plumb.plan;

import java.util.List;

/** Actions that run together; the next wave starts only when every gate of this one passed. */
public record Wave(String name, List<Action> actions) {
  public Wave {
    actions = List.copyOf(actions);
  }
}
