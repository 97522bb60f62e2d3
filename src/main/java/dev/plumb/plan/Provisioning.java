package dev.plumb.plan;

import dev.plumb.observe.DeclaredIdentity;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.Policy;

/**
 * Whether a machine found in maintenance mode at a node's address gets that node's config (which
 * holds the cluster's secrets, sent over the unauthenticated maintenance channel). Only when:
 * (a) Git declares the node's hardware identity (plumb.yaml {@code identities}, or the MACs its
 * config selects interfaces by) and the machine shows it, and the policy turns provisioning on
 * ({@code reprovision} or {@code provision}); or (b) a first bring-up that the user asked for
 * ({@code provision: true} or {@code plumb sync --provision}) of a cluster that was never
 * bootstrapped in plumb's journal; that case sends configs without an identity check and says so
 * loudly. Workers of a first bring-up get their configs after the bootstrap (they need the control
 * plane to become ready), so for them the journal decides; a control plane is provisioned unchecked
 * only while the live view shows no etcd member either (its config holds the cluster's CA keys).
 */
final class Provisioning {
  /** What to do with one machine: provision it (checked by identity or not), or not, and why. */
  record Decision(boolean provision, boolean unchecked, String why) {}

  private final Policy policy;
  private final boolean firstBringUp;
  private final boolean liveBootstrapped;

  Provisioning(ClusterDesired desired, LiveState live, ClusterHistory history) {
    this.policy = desired.policy();
    this.liveBootstrapped = live.nodes().stream()
        .anyMatch(l -> l.etcdMember() || (l.etcd().known() && !l.etcd().members().isEmpty()));
    this.firstBringUp = (policy.provision() || history.provisionRequested()) && !history.bootstrapped();
  }

  boolean firstBringUp() {
    return firstBringUp;
  }

  /** One line for the plan: how machines in maintenance mode are treated. */
  String mode() {
    if (firstBringUp) {
      return "provisioning: FIRST BRING-UP: machines in maintenance mode at declared addresses get their configs;"
          + " those without a declared identity are NOT identity-checked";
    }
    if (policy.reprovision() || policy.provision()) {
      return "provisioning: identity-bound: only a machine showing the identity Git declares for its node";
    }
    return "provisioning: off (set reprovision: true with identities, or provision: true for a first bring-up)";
  }

  Decision decide(NodeConfig n, NodeLive l) {
    DeclaredIdentity id = DeclaredIdentity.of(n, policy);
    String at = n.hostname() + " at " + l.address() + " is in maintenance mode";
    if (id.declared()) {
      var mismatch = id.mismatch(l.hardwareUuid(), l.macs());
      if (mismatch.isPresent()) {
        return new Decision(false, false, at + " but is not the declared machine (" + mismatch.get()
            + "): not provisioned");
      }
      if (policy.reprovision() || policy.provision() || firstBringUp) {
        return new Decision(true, false, n.hostname() + ": in maintenance mode, shows its declared identity, has no config");
      }
      return new Decision(false, false, at + " and shows its declared identity, but the policy forbids"
          + " re-provisioning (reprovision: false): not provisioned");
    }
    if (firstBringUp && !(n.controlPlane() && liveBootstrapped)) {
      return new Decision(true, true, n.hostname() + ": in maintenance mode, has no config; FIRST BRING-UP without"
          + " identity check (no identity declared for it)");
    }
    return new Decision(false, false, at + " and Git declares no identity for it (identities." + n.hostname()
        + " in plumb.yaml, or a deviceSelector.hardwareAddr), and this is no first bring-up"
        + (firstBringUp ? " for a control plane (etcd already has members)" : policy.provision()
            ? " (plumb bootstrapped this cluster)" : "") + ": the policy forbids re-provisioning"
        + " it: not provisioned");
  }
}
