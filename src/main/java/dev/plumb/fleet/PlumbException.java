package dev.plumb.fleet;

/**
 * The one unchecked root of plumb's exceptions. Expected failures travel as values; exceptions
 * are for I/O faults and bugs. Subclasses exist only where a caller branches on them.
 */
public class PlumbException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlumbException(String message) {
    super(message);
  }

  public PlumbException(String message, Throwable cause) {
    super(message, cause);
  }
}
