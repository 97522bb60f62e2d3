package dev.plumb.render.sops;

import java.util.Locale;

/** The store sops picks from a file name: YAML, JSON, dotenv, or binary (JSON with a data key). */
public enum SopsFormat {
  YAML,
  JSON,
  DOTENV,
  BINARY;

  public static SopsFormat ofName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".yaml") || n.endsWith(".yml")) {
      return YAML;
    }
    if (n.endsWith(".json")) {
      return JSON;
    }
    if (n.endsWith(".env")) {
      return DOTENV;
    }
    return BINARY;
  }
}
