package dev.plumb.talos;

/**
 * A node's answer to Version. {@code maintenance} is true when the node has no config: Talos
 * leaves {@code features} unset then.
 */
public record NodeVersion(String tag, String arch, String platform, boolean maintenance) {}
