package dev.plumb.plan;

import dev.plumb.observe.NodeLive;
import dev.plumb.render.NodeConfig;

/** Predicts whether applying the desired config to a node needs a reboot (Talos's CanApplyImmediate). */
public interface ConfigComparer {
  boolean needsReboot(NodeConfig desired, NodeLive live);
}
