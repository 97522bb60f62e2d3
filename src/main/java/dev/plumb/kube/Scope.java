package dev.plumb.kube;

/** Whether a kind lives in a namespace, as discovery reports it. */
public enum Scope {
  NAMESPACED,
  CLUSTER
}
