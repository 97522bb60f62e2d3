package dev.plumb.render.apps;

import java.util.Map;

/** One YAML document while it is being rendered: its mutable body and where it was written. */
record SourceDoc(Map<String, Object> body, String file, int line) {
  @SuppressWarnings("unchecked")
  Map<String, Object> metadata() {
    return (Map<String, Object>) body.computeIfAbsent("metadata", k -> new java.util.LinkedHashMap<>());
  }

  String kind() {
    return String.valueOf(body.getOrDefault("kind", ""));
  }

  String apiVersion() {
    return String.valueOf(body.getOrDefault("apiVersion", ""));
  }

  String group() {
    String v = apiVersion();
    return v.contains("/") ? v.substring(0, v.indexOf('/')) : "";
  }

  String name() {
    Object n = metadata().get("name");
    return n == null ? "" : String.valueOf(n);
  }

  String namespace() {
    Object n = metadata().get("namespace");
    return n == null ? "" : String.valueOf(n);
  }
}
