/**
 * The Kubernetes side of a cluster: {@link dev.plumb.kube.KubeClient} (the port) and its fabric8
 * adapter, staged server-side apply with an in-cluster inventory and prune
 * ({@link dev.plumb.kube.KubeApplier}), kstatus health ({@link dev.plumb.kube.HealthChecker}),
 * drift ({@link dev.plumb.kube.DriftDetector}), node readiness and cordon/drain
 * ({@link dev.plumb.kube.NodeReadiness}, {@link dev.plumb.kube.Drainer}). Imports nothing from
 * plumb but {@code fleet}; callers hand it {@link dev.plumb.kube.Manifest}s.
 */
package dev.plumb.kube;
