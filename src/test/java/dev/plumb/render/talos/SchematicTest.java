package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schematic IDs against the values in talhelper's own tests (reference/talhelper.md §5.4). */
class SchematicTest {
  @Test
  void theEmptySchematic() {
    assertThat(Schematic.id(null)).isEqualTo("376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba");
    assertThat(Schematic.id(Map.of("customization", Map.of())))
        .isEqualTo("376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba");
  }

  @Test
  void systemExtensions() {
    assertThat(Schematic.id(Map.of("customization", Map.of("systemExtensions",
        Map.of("officialExtensions", List.of("siderolabs/drbd", "siderolabs/zfs"))))))
        .isEqualTo("98442b5bb4e8d050f30978ce3e6ec22e7bf534d57cafcd51313235128057e612");
  }

  @Test
  void kernelArgsAndExtensions() {
    assertThat(Schematic.id(Map.of("customization", Map.of(
        "extraKernelArgs", List.of("net.ifnames=0"),
        "systemExtensions", Map.of("officialExtensions", List.of("siderolabs/tailscale"))))))
        .isEqualTo("104c23dfe7c5bfeff6a4cc7e166d8b3bba0f371760592c7677c90c822bb1d109");
  }
}
