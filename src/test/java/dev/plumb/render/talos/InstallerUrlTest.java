package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.MemoryTree;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** imageFactory.installerURLTmpl (reference/talhelper.md §2.4, §5.4): a Go template over RegistryURL, ID, Version, Mode, Secureboot. */
class InstallerUrlTest {
  static final String EMPTY_ID = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

  private static String installer(String imageFactory, String machineSpec) throws Exception {
    String talconfig = "clusterName: c\ntalosVersion: v1.13.9\nkubernetesVersion: v1.35.0\nendpoint: https://10.7.0.10:6443\n"
        + imageFactory + "nodes:\n  - hostname: n1\n    ipAddress: 10.7.0.11\n    controlPlane: true\n"
        + "    installDisk: /dev/sda\n" + machineSpec;
    var opts = new ClusterRenderer.Options(Map.of(), Map.of(), List.of(),
        Optional.of(Files.readAllBytes(Path.of("src/test/resources/render/cases/secrets.yaml"))));
    return new ClusterRenderer(new MemoryTree().put("talconfig.yaml", talconfig), new SopsDecryptor(new AgeKeys(List.of())))
        .render("talconfig.yaml", opts).nodes().get(0).installerImage();
  }

  @Test
  void theDefaultTemplate() throws Exception {
    assertThat(installer("", "")).isEqualTo("factory.talos.dev/metal-installer/" + EMPTY_ID + ":v1.13.9");
    assertThat(installer("", "    machineSpec:\n      secureboot: true\n"))
        .isEqualTo("factory.talos.dev/metal-installer-secureboot/" + EMPTY_ID + ":v1.13.9");
  }

  @Test
  void aCustomTemplateIsHonoured() throws Exception {
    assertThat(installer("imageFactory:\n  registryURL: factory.example\n"
        + "  installerURLTmpl: '{{.RegistryURL}}/installer{{if .Secureboot}}-secureboot{{end}}/{{.ID}}:{{.Version}}'\n", ""))
        .isEqualTo("factory.example/installer/" + EMPTY_ID + ":v1.13.9");
  }

  @Test
  void aBrokenTemplateIsAProblemOnImageFactory() {
    assertThatThrownBy(() -> installer("imageFactory:\n  installerURLTmpl: '{{.Nope}}'\n", ""))
        .hasMessageContaining("talconfig.yaml:6:").hasMessageContaining("imageFactory.installerURLTmpl");
  }
}
