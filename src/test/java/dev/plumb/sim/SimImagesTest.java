package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator's image table: a node reports the version its installer was built as
 * (siderolabs/talos: the version comes from the booted image, not from the tag asked for), and an
 * image no registry holds is unknown.
 */
class SimImagesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "NONE", value = {
      "ghcr.io/siderolabs/installer:v1.13.9, v1.13.9",
      "ghcr.io/siderolabs/installer:v1.13.10, v1.13.10",
      "ghcr.io/siderolabs/installer:v1.12.6, v1.12.6",
      // a floating tag comes back as the release it was built as
      "ghcr.io/siderolabs/installer:v1.13, v1.13.9",
      "factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.2, v1.13.2",
      "factory.talos.dev/metal-installer-secureboot/abc123:v1.13.0, v1.13.0",
      "factory.talos.dev/installer/abc:v1.12.0@sha256:00, v1.12.0",
      // unknown: no such release, no such repository, no tag, a floating tag nobody built
      "ghcr.io/siderolabs/installer:v1.99.0, NONE",
      "ghcr.io/siderolabs/installer:latest, NONE",
      "ghcr.io/siderolabs/installer:v1.12, NONE",
      "docker.io/qjoly/talos:v1.13.9, NONE",
      "ghcr.io/siderolabs/installer, NONE",
      "registry.lab/installer:v1.13.0, NONE",
  })
  void defaultsKnowTheOfficialAndFactoryInstallers(String image, String version) {
    assertThat(SimImages.defaults().versionOf(image)).isEqualTo(Optional.ofNullable(version));
    assertThat(SimImages.defaults().exists(image)).isEqualTo(version != null);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "registry.lab/installer:v1.13.0, v1.13.0",
      "registry.lab/installer:stable, v1.13.9",
  })
  void aFleetCanAddItsOwnImages(String image, String version) {
    SimImages images = SimImages.defaults().with("registry.lab/installer:v1.13.0", "v1.13.0")
        .with("registry.lab/installer:stable", "v1.13.9");
    assertThat(images.versionOf(image)).contains(version);
    assertThat(FleetSpec.of(1, 1).images(images).images().versionOf(image)).contains(version);
    assertThat(FleetSpec.of(1, 1).images().versionOf(image)).isEmpty();
  }
}
