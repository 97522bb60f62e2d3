package dev.plumb.sim;

import java.util.Optional;
import java.util.UUID;

/**
 * What is installed on one node's system disk and what it booted: the Talos version and installer
 * image it runs, an upgrade written to the boot slot that the next boot picks up, and the kernel's
 * boot id ({@code /proc/sys/kernel/random/boot_id}, a new random UUID each boot). The schematic a
 * node reports comes from the installer image it booted, not from its config's
 * {@code machine.install.image}. Written under the node's lock.
 */
final class NodeInstall {
  private volatile String version;
  private volatile String image = "";
  private volatile String pendingVersion;
  private volatile String pendingImage;
  private volatile String bootId = UUID.randomUUID().toString();

  NodeInstall(String version) {
    this.version = version;
  }

  String version() {
    return version;
  }

  /** The installer image the node booted from; empty before a first install. */
  String image() {
    return image;
  }

  String bootId() {
    return bootId;
  }

  /** The first install from a config: the image its {@code machine.install.image} names. */
  void installed(MachineConfigView cfg) {
    image = cfg.installImage().orElse("");
  }

  /** An upgrade wrote {@code newImage}, built as {@code builtAs}, to the boot slot. */
  void stage(String newImage, String builtAs) {
    pendingImage = newImage;
    pendingVersion = builtAs;
  }

  Optional<String> pendingVersion() {
    return Optional.ofNullable(pendingVersion);
  }

  /** A new boot: a new boot id, and the staged upgrade takes effect unless {@code keepOld}. */
  void boot(boolean keepOld) {
    bootId = UUID.randomUUID().toString();
    if (pendingVersion != null && !keepOld) {
      version = pendingVersion;
      image = pendingImage;
    }
    pendingVersion = null;
    pendingImage = null;
  }
}
