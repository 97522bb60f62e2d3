package dev.plumb.talos;

/**
 * How an upgrade was started: by the 1.13 flow (ImageService/Pull, LifecycleService/Upgrade,
 * then Reboot) or by the legacy MachineService/Upgrade. In both cases the node reboots; the new
 * version is confirmed only by reading it after the node is back.
 */
public record UpgradeResult(boolean lifecycleFlow, String image, String detail) {}
