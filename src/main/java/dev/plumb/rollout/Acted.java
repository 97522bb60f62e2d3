package dev.plumb.rollout;

/**
 * What one action did on its node: the summary for the listener, whether the node reboots for it
 * (the mode Talos answered with, not the prediction), the boot id read right before the action
 * (empty when it could not be read: the new-boot gate is then skipped, as talosctl skips it when
 * Read is denied), and whether the config went out in TRY mode and waits for confirmation.
 */
record Acted(String summary, boolean reboots, String bootBefore, boolean tried) {}
