package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go text/template semantics (text/template exec.go, funcs.go) with sprig's argument order
 * (Masterminds/sprig strings.go), as talhelper's pkg/templating runs them on the config.
 */
class GoTemplateTest {
  static final Map<String, Object> CONFIG = Map.of("machine", Map.of("type", "controlplane",
      "install", Map.of("image", "factory.talos.dev/metal-installer-secureboot/abc:v1.13.0", "disk", "/dev/sda"),
      "certSANs", List.of("a.example", "b.example"), "network", Map.of("hostname", "cp1")),
      "cluster", Map.of("network", Map.of("podSubnets", List.of("10.244.0.0/16"))));

  @ParameterizedTest
  @CsvSource(delimiter = '^', quoteCharacter = '~', value = {
      "{{ .MachineConfig.MachineType }}^controlplane",
      "{{ if eq .MachineConfig.MachineType \"controlplane\" }}cp{{ else }}worker{{ end }}^cp",
      "{{ if eq .MachineConfig.MachineType \"worker\" }}w{{ else if hasPrefix \"control\" .MachineConfig.MachineType }}c{{ end }}^c",
      "{{- range $i, $s := .MachineConfig.MachineCertSANs }}{{ $i }}={{ $s }};{{ end -}}^0=a.example;1=b.example;",
      "{{ range .MachineConfig.MachineCertSANs }}[{{ . }}]{{ else }}none{{ end }}^[a.example][b.example]",
      "{{ $img := .MachineConfig.MachineInstall.InstallImage }}{{ $img | contains \"secureboot\" }}^true",
      "{{ with .MachineConfig.MachineNetwork }}{{ .NetworkHostname | upper }}{{ end }}^CP1",
      "{{ .MachineConfig.MachineInstall.InstallDisk | trimPrefix \"/dev/\" | printf \"disk-%s\" }}^disk-sda",
      "{{ (index .ClusterConfig.ClusterNetwork.PodSubnet 0) }}^10.244.0.0/16",
      "{{ len .MachineConfig.MachineCertSANs }} {{ not false }} {{ and 1 0 }} {{ or 0 \"x\" }}^2 true 0 x",
      "{{ .MachineConfig.MachineNetwork.NameServers | default \"none\" }}^none",
      "a {{/* a comment */}} b^a  b",
      "{{ join \",\" .MachineConfig.MachineCertSANs | quote }}^~\"a.example,b.example\"~"})
  void rendersAsGoDoes(String template, String expected) {
    assertThat(GoTemplate.render(template, CONFIG, "t")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '^', quoteCharacter = '~', value = {
      "{{ .MachineConfig.MachineNetwork.NameServers }}^has no value (Go would write <no value> into the config)",
      "{{ .MachineConfig.Bogus }}^template field .Bogus is not supported",
      "{{ .MachineConfig.MachineType | sha256sum }}^template function 'sha256sum' is not supported by plumb",
      "{{ template \"x\" }}^the template construct '{{ template }}' is not supported by plumb",
      "{{ if true }}x^missing {{ end }}",
      "{{ end }}^unexpected {{ end }}",
      "{{ $nope }}^undefined variable: $nope",
      "{{ .MachineConfig.MachineType^unclosed {{ in template"})
  void whatItCannotRunIsAnErrorNamingTheConstruct(String template, String message) {
    assertThatThrownBy(() -> GoTemplate.render(template, CONFIG, "patch.yaml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("patch.yaml: ").hasMessageContaining(message);
  }
}
