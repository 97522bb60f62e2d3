package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TalosVersionsTest {
  @ParameterizedTest
  @CsvSource({"v1.13.9, true", "v1.13.0, true", "v1.13.0-alpha.3, true", "v1.13.0-alpha.2, false",
      "v1.12.6, false", "v1.14.0-beta.1, true", "v2.0.0, true", "garbage, false"})
  void lifecycleUpgradeIsUsedFromAfter1130Alpha2(String tag, boolean lifecycle) {
    assertThat(TalosVersions.hasLifecycleUpgrade(tag)).isEqualTo(lifecycle);
  }

  @ParameterizedTest
  @CsvSource({"ghcr.io/siderolabs/installer:v1.13.9, v1.13.9",
      "factory.talos.dev/installer/abc:v1.12.0@sha256:00, v1.12.0", "localhost:5000/installer, latest"})
  void readsTheTagOfAnInstallerImage(String image, String tag) {
    assertThat(TalosVersions.tagOfImage(image)).isEqualTo(tag);
  }
}
