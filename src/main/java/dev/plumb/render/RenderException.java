package dev.plumb.render;

import dev.plumb.fleet.PlumbException;
import java.util.List;

/** Input that cannot be rendered; carries every problem found so far. */
public final class RenderException extends PlumbException {
  private static final long serialVersionUID = 1L;
  private final transient List<RenderProblem> problems;

  public RenderException(List<RenderProblem> problems) {
    super(problems.isEmpty() ? "invalid input" : problems.get(0).toString()
        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    this.problems = List.copyOf(problems);
  }

  public RenderException(RenderProblem problem) {
    this(List.of(problem));
  }

  public List<RenderProblem> problems() {
    return problems;
  }
}
