/**
 * The simulated Talos fleet: N nodes on loopback addresses serving the same gRPC API as real
 * Talos nodes, so that a real node can replace any of them.
 *
 * <p>Semantics follow talos-api.md: a node starts in maintenance mode (TLS with a self-signed
 * certificate, no client certificate asked, every caller os:reader, no node routing) until a first
 * config arrives; it then installs, reboots and serves mutual TLS with a certificate from the
 * config's OS CA, accepting only client certificates from that CA whose ExtKeyUsage is exactly
 * clientAuth, with roles from their Organization values. A config is loaded and validated as
 * Talos does it ({@code TalosConfigLoader}: strict decoding against the published
 * schema of the node's release line, then Talos's own rules and messages), never by plumb's
 * renderer or validator, so a render bug is refused here as a real node would refuse it.
 * ApplyConfiguration resolves AUTO by the
 * CanApplyImmediate rules; STAGED waits for the next reboot; TRY reverts after its timeout.
 * Reboots take the node away for {@link dev.plumb.sim.SimTiming#reboot()}, then services come up
 * one by one. Time is a {@link dev.plumb.sim.SimClock}, driven by hand in tests. Faults are
 * injected per node ({@link dev.plumb.sim.Fault}), and {@link dev.plumb.sim.SimRecord} keeps what
 * happened for tests to assert on.
 */
package dev.plumb.sim;
