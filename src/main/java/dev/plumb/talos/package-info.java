/**
 * The Talos API client: talosconfig files, PEM keys and certificates, gRPC channels with Ed25519
 * mutual TLS (JDK provider) or the insecure maintenance-mode connection, and the calls plumb
 * makes ({@link dev.plumb.talos.TalosClient}).
 *
 * <p>One call targets one node: directly, or through an endpoint with {@code node} metadata, as
 * talosctl 1.13 does; plumb fans out on its own side. gRPC failures are translated here, at the
 * edge, into {@link dev.plumb.talos.TalosException} with a kind that says what happened
 * (unreachable, TLS, permission, maintenance mode, timeout, rejected, ...); errors that a proxying
 * endpoint reports in-band inside an OK answer are raised the same way. After a connection-level
 * failure the channel is dropped, so the next call is a fresh attempt rather than the channel's
 * cached failure.
 */
package dev.plumb.talos;
