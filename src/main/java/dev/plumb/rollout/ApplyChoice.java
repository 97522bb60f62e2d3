package dev.plumb.rollout;

import dev.plumb.plan.Action;
import dev.plumb.render.Policy;
import dev.plumb.talos.ApplyMode;
import java.time.Duration;

/**
 * The mode plumb asks Talos for when it applies a changed config, and why (issue 8, "the predicted
 * mode is enforced"):
 * <ul>
 *   <li>no reboot predicted: {@code NO_REBOOT}. Talos then refuses a change that needs a reboot
 *       (InvalidArgument) instead of rebooting the node outside the quorum guard; plumb re-plans the
 *       change as a reboot;
 *   <li>no reboot predicted, the change touches the network and {@code rollout.tryTimeout} is not
 *       0s: {@code TRY} with that timeout, confirmed with {@code NO_REBOOT} once the node answers
 *       with the new config; a node that stops answering reverts by itself when the timeout ends;
 *   <li>reboot predicted: {@code AUTO}, not {@code REBOOT}: Talos marks REBOOT deprecated (to be
 *       removed in v2.0, talos-api.md §7), and AUTO reboots exactly when Talos finds the change
 *       needs it. The gates follow the mode Talos answers with, so an AUTO that needed no reboot
 *       is gated as a change without reboot.
 * </ul>
 * {@code tryTimeout} is null unless the mode is TRY.
 */
record ApplyChoice(ApplyMode mode, Duration tryTimeout, String why) {
  static ApplyChoice of(Action a, Policy policy) {
    if (a.reboots()) {
      return new ApplyChoice(ApplyMode.AUTO, null, "reboot predicted: AUTO (REBOOT is deprecated; Talos reboots"
          + " only when the change needs it)");
    }
    if (a.networkChange() && !policy.tryTimeout().isZero()) {
      return new ApplyChoice(ApplyMode.TRY, policy.tryTimeout(), "network change: TRY with a "
          + policy.tryTimeout().toSeconds() + "s timeout, confirmed once the node answers with it");
    }
    return new ApplyChoice(ApplyMode.NO_REBOOT, null, "no reboot predicted: NO_REBOOT (Talos refuses a change"
        + " that needs one)");
  }

  /** The mode named as talosctl spells it. */
  String modeName() {
    return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
