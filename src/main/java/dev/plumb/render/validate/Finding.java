package dev.plumb.render.validate;

/**
 * One reason Talos would refuse a rendered machine config.
 *
 * @param document the document, as Talos names it in its errors: {@code v1alpha1}, or {@code
 *     Kind} / {@code Kind/name}
 * @param field the field path inside the document ({@code machine.install.disk}); empty for the
 *     document as a whole
 * @param message what Talos says, in its words where its source has them
 */
public record Finding(String document, String field, String message) {
  @Override
  public String toString() {
    return document + (field.isEmpty() ? "" : " " + field) + ": " + message;
  }
}
