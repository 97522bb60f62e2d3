package dev.plumb.render.sops;

import java.util.Objects;
import java.util.function.Function;

/**
 * The only holder of secret values (decrypted files, keys). {@code toString} is redacted, so a
 * secret that reaches a log line, an exception message or a record's printout shows as
 * {@code <redacted>}.
 */
public final class Sensitive<T> {
  private final T value;

  private Sensitive(T value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static <T> Sensitive<T> of(T value) {
    return new Sensitive<>(value);
  }

  /** The secret itself; callers must not log it. */
  public T reveal() {
    return value;
  }

  /** A new holder for a value derived from this one. */
  public <R> Sensitive<R> map(Function<T, R> f) {
    return new Sensitive<>(f.apply(value));
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
