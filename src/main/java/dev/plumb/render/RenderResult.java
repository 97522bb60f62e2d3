package dev.plumb.render;

import java.util.List;

/** The outcome of a render: the desired state, or every problem that prevents it. */
public sealed interface RenderResult permits RenderResult.Rendered, RenderResult.Invalid {
  /** Which of the two this is, for exhaustive switches. */
  enum Kind { RENDERED, INVALID }

  Kind kind();

  /** Everything rendered. */
  record Rendered(DesiredState state) implements RenderResult {
    @Override
    public Kind kind() {
      return Kind.RENDERED;
    }
  }

  /** Nothing rendered: the input has problems. Nothing of it may be applied. */
  record Invalid(List<RenderProblem> problems) implements RenderResult {
    public Invalid {
      problems = List.copyOf(problems);
    }

    @Override
    public Kind kind() {
      return Kind.INVALID;
    }
  }
}
