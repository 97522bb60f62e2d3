package dev.plumb.render.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.schema.Shape.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schema model: kinds per release line, field order and shapes, the table of what the schema omits. */
class TalosSchemaTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"v1.13, v1.13", "1.13, v1.13", "v1.13.9, v1.13", "v1.8.4, v1.8", "v1.14.0-rc.1, v1.14"})
  void versionsNameTheirReleaseLine(String given, String line) {
    assertThat(TalosSchema.forVersion(given).version()).isEqualTo(line);
  }

  @Test
  void aVersionThatIsNotOneIsRefused() {
    assertThatThrownBy(() -> TalosSchema.forVersion("latest")).hasMessageContaining("not a Talos version");
  }

  // website/content/v1.N/schemas/config.schema.json oneOf (../shared/reference/talos-schema/README.md)
  @ParameterizedTest(name = "{0} knows {1}: {2}")
  @CsvSource({"v1.11, HostnameConfig, false", "v1.12, HostnameConfig, true", "v1.12, VRFConfig, false",
      "v1.13, VRFConfig, true", "v1.9, UserVolumeConfig, false", "v1.10, UserVolumeConfig, true",
      "v1.8, KubeSpanEndpointsConfig, true", "v1.13, ImageVerificationConfig, true",
      "v1.12, ImageVerificationConfig, false", "v1.13, KubeletConfig, false", "v1.14, KubeletConfig, true"})
  void documentKindsFollowTheReleaseLine(String version, String kind, boolean known) {
    assertThat(TalosSchema.forVersion(version).knowsKind(kind)).isEqualTo(known);
  }

  @Test
  void theKindTalosRegistersFindsTheSchemasKubeSpanEndpoints() {
    Shape s = TalosSchema.forVersion("v1.13")
        .document(Map.of("apiVersion", "v1alpha1", "kind", "KubeSpanEndpointsConfig")).orElseThrow();
    assertThat(s.fieldOrder()).containsExactly("apiVersion", "kind", "extraAnnouncedEndpoints");
  }

  // v1alpha1_types.go MachineConfig: network, disks, env, time, registries, systemDiskEncryption are
  // deprecated and left out of the 1.13 schema, but still fields of the struct Talos encodes
  @Test
  void legacyMachineFieldsKeepTheirPlaceInStructOrder() {
    Shape machine = TalosSchema.forVersion("v1.13").def("v1alpha1.MachineConfig");
    assertThat(machine.fieldOrder()).containsSubsequence("kubelet", "pods", "network", "disks", "install", "files",
        "env", "time", "sysctls", "sysfs", "registries", "systemDiskEncryption", "features");
    assertThat(machine.field("network").def()).isEqualTo("v1alpha1.NetworkConfig");
    assertThat(machine.field("network").fieldOrder()).startsWith("hostname", "interfaces", "nameservers");
    assertThat(machine.field("disks").element().def()).isEqualTo("v1alpha1.MachineDisk");
    assertThat(machine.field("env").kind()).isEqualTo(Kind.MAP);
  }

  @Test
  void shapesComeFromTheSchemaAndTheTable() {
    TalosSchema s = TalosSchema.forVersion("v1.13");
    assertThat(s.def("v1alpha1.KubeletConfig").field("extraArgs").kind()).isEqualTo(Kind.MAP);
    assertThat(s.def("v1alpha1.MachineFile").field("permissions").kind()).isEqualTo(Kind.FILE_MODE);
    assertThat(s.def("v1alpha1.LoggingDestination").field("endpoint").kind()).isEqualTo(Kind.STRING);
    assertThat(s.def("v1alpha1.KubeletConfig").field("extraConfig").kind()).isEqualTo(Kind.FREEFORM);
    assertThat(s.def("v1alpha1.Config").field("persist").kind()).isEqualTo(Kind.BOOLEAN);
    assertThat(s.def("network.RulePortSelector").field("ports").element().scalarsAsStrings()).isFalse();
    assertThat(s.def("v1alpha1.ClusterConfig").field("nope")).isNull();
  }

  // v1.13 and v1.14 extraArgs: oneOf string | list of strings; a scalar is decoded into the string
  @Test
  void argsThatMayBeListsStillTakeScalarsAsStrings() {
    Shape args = TalosSchema.forVersion("v1.13").def("v1alpha1.KubeletConfig").field("extraArgs").element();
    assertThat(args.kind()).isEqualTo(Kind.ANY);
    assertThat(args.scalarsAsStrings()).isTrue();
  }

  @Test
  void installFieldsFollowTheGoStructEvenWhereNoSchemaHasThemAll() {
    assertThat(TalosSchema.forVersion("v1.8").def("v1alpha1.InstallConfig").fieldOrder()).containsExactly("disk",
        "diskSelector", "extraKernelArgs", "image", "extensions", "bootloader", "wipe", "legacyBIOSSupport",
        "grubUseUKICmdline");
  }
}
