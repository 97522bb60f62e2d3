package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EndpointTest {
  @ParameterizedTest
  @CsvSource({
      "10.0.0.1, 10.0.0.1, 50000",
      "10.0.0.1:50001, 10.0.0.1, 50001",
      "cp.example.com, cp.example.com, 50000",
      "https://cp.example.com, cp.example.com, 443",
      "https://cp.example.com:8443, cp.example.com, 8443",
      "[fd00::1]:50000, fd00::1, 50000",
      "[fd00::1], fd00::1, 50000"
  })
  void parsesTheFormsTalosctlAccepts(String text, String host, int port) {
    Endpoint e = Endpoint.parse(text);
    assertThat(e.host()).isEqualTo(host);
    assertThat(e.port()).isEqualTo(port);
  }

  @Test
  void rejectsABadPort() {
    assertThatThrownBy(() -> Endpoint.parse("host:notaport")).hasMessageContaining("cannot read endpoint 'host:notaport'");
    assertThatThrownBy(() -> Endpoint.parse("host:70000")).hasMessageContaining("invalid port 70000");
  }
}
