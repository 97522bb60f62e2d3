package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether a node's reported version satisfies an installer image: Talos reports the version it was
 * built as, so a floating minor tag is met by any patch release of that minor.
 */
class TalosVersionsRunsImageTest {

  @ParameterizedTest(name = "{0} runs {1}: {2}")
  @CsvSource({
      "v1.13.9, ghcr.io/siderolabs/installer:v1.13.9, true",
      "v1.13.9, ghcr.io/siderolabs/installer:v1.13.10, false",
      "v1.13.9, ghcr.io/siderolabs/installer:v1.13, true",
      "v1.13.10, ghcr.io/siderolabs/installer:v1.13, true",
      "v1.12.6, ghcr.io/siderolabs/installer:v1.13, false",
      "v1.13.9, ghcr.io/siderolabs/installer:v1.1, false",
      "v1.13.9, ghcr.io/siderolabs/installer:v1, false",
      "v1.13.9, factory.talos.dev/installer/abc:v1.13.9@sha256:00, true",
  })
  void exactTagsMatchExactlyAndMinorTagsMatchAnyPatch(String reported, String image, boolean runs) {
    assertThat(TalosVersions.runsImage(reported, image)).isEqualTo(runs);
  }
}
