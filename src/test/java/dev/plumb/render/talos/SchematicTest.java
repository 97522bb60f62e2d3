package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.RenderProblem;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schematic IDs against the values in talhelper's own tests (reference/talhelper.md §5.4) and in
 * siderolabs/image-factory pkg/schematic/schematic_test.go (TestID, TestUnmarshalID).
 */
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

  /** image-factory schematic_test.go TestUnmarshalID: the schematic as YAML, its ID. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}|376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
      "customization: {\"extraKernelArgs\": []}|376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba",
      "{\"customization\": {\"extraKernelArgs\": [\"noapic\", \"nolapic\"], \"systemExtensions\": {}}}"
          + "|9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c",
      "{\"customization\": {\"meta\": [{\"key\": 10, \"value\": \"foo\"}], \"extraKernelArgs\": []}}"
          + "|d308a2a5ee2277bed5fbaa104fcbc8d59122abfa737df987a95b4ca763459a7f",
      "{\"overlay\": {\"name\": \"rpi_generic\", \"image\": \"siderolabs/sbc-raspberrypi\"}}"
          + "|ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9",
      "{\"overlay\": {\"name\": \"rpi_generic\", \"image\": \"siderolabs/sbc-raspberrypi\"},\"customization\":{}}"
          + "|ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9",
      "{\"customization\":{\"secureboot\": {\"includeWellKnownCertificates\": true}}}"
          + "|fa8e05f142a851d3ee568eb0a8e5841eaf6b0ebc8df9a63df16ac5ed2c04f3e6"})
  void theFactorysOwnVectors(String yaml, String id) {
    assertThat(Schematic.id(ConfigGenerator.asMap(YValues.toJava(YamlReader.read("s", yaml).orElseThrow()))))
        .isEqualTo(id);
  }

  @Test
  void multiLineOverlayOptionsAreLiteralBlocksAndKeysAreSortedAsYamlV3Sorts() {
    String yaml = "overlay:\n  image: siderolabs/sbc-raspberrypi\n  name: rpi_generic\n  options:\n"
        + "    configTxtAppend: |\n      dtoverlay=vc4-kms-v3d\n      dtparam=audio=on\n"
        + "    b10: 'x: y'\n    b9: \"true\"\n    a_b: 1\n    ab: ''\n"
        + "customization:\n  extraKernelArgs: [\"123\", 'on', net.ifnames=0]\n";
    String marshalled = Schematic.marshal(ConfigGenerator.asMap(YValues.toJava(YamlReader.read("s", yaml).orElseThrow())));
    // yaml.v3 Marshal (encode.go stringv, emitterc.go): literal for multi-line, quotes only where a
    // plain scalar would read back as another type or is not allowed; keyList.Less sorts b9 before b10
    assertThat(marshalled).isEqualTo("overlay:\n    image: siderolabs/sbc-raspberrypi\n    name: rpi_generic\n"
        + "    options:\n        a_b: 1\n        ab: \"\"\n        b9: \"true\"\n        b10: 'x: y'\n"
        + "        configTxtAppend: |\n            dtoverlay=vc4-kms-v3d\n            dtparam=audio=on\n"
        + "customization:\n    extraKernelArgs:\n        - \"123\"\n        - \"on\"\n        - net.ifnames=0\n");
  }

  @Test
  void unknownOrDuplicateExtensionsAndHalfAnOverlayAreProblems() {
    var node = YamlReader.read("talconfig.yaml", "customization:\n  systemExtensions:\n    officialExtensions:\n"
        + "      - siderolabs/zfs\n      - ghcr.io/siderolabs/zfs:2.2.4\n      - siderolabs/zfs\n"
        + "overlay:\n  image: siderolabs/sbc-raspberrypi\n").orElseThrow();
    List<String> p = Schematic.problems(node, "nodes[0].schematic").stream().map(RenderProblem::toString).toList();
    assertThat(p).containsExactly(
        "talconfig.yaml:5:9: nodes[0].schematic: \"ghcr.io/siderolabs/zfs:2.2.4\" is not a supported Talos extension"
            + " (official extensions are named like siderolabs/iscsi-tools, without registry, tag or digest)",
        "talconfig.yaml:6:9: nodes[0].schematic: duplicate system extension \"siderolabs/zfs\"",
        "talconfig.yaml:8:3: nodes[0].schematic: both `image` and `name` is required to be set");
  }
}
