package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's net/netip parse-and-print (ParseAddr/Addr.String, ParsePrefix, ParseAddrPort) and time.Duration.String. */
class IpTextTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "10.0.0.1|10.0.0.1",
    "010.0.0.1|-",
    "256.0.0.1|-",
    "1.2.3|-",
    "2001:DB8:0:0:0:0:0:1|2001:db8::1",
    "2001:db8:0:1:0:0:0:1|2001:db8:0:1::1",
    "2001:0:0:1:0:0:0:1|2001:0:0:1::1",
    "1:0:1:0:1:0:1:0|1:0:1:0:1:0:1:0",
    "::|::",
    "::ffff:10.1.2.3|::ffff:10.1.2.3",
    "fe80::1%eth0|fe80::1%eth0",
    "1::2::3|-",
    "12345::|-",
    "eth0|-",
  })
  void addresses(String in, String out) {
    assertThat(IpText.addr(in)).isEqualTo(Optional.ofNullable(out));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "10.0.0.5/24|10.0.0.5/24",
    "10.0.0.0/33|-",
    "10.0.0.0/08|-",
    "2001:DB8::/32|2001:db8::/32",
    "fe80::1%eth0/64|-",
    "10.0.0.1|-",
  })
  void prefixes(String in, String out) {
    assertThat(IpText.prefix(in)).isEqualTo(Optional.ofNullable(out));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "192.0.2.1:51820|192.0.2.1:51820",
    "[2001:DB8::1]:443|[2001:db8::1]:443",
    "host.example:443|-",
    "192.0.2.1:70000|-",
  })
  void addrPorts(String in, String out) {
    assertThat(IpText.addrPort(in)).isEqualTo(Optional.ofNullable(out));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "25s|25s", "1m|1m0s", "90s|1m30s", "1h|1h0m0s", "1.5s|1.5s", "500ms|500ms", "1500us|1.5ms", "0|0s",
    "2h45m|2h45m0s", "abc|-", "5|-",
  })
  void durations(String in, String out) {
    assertThat(GoDuration.parse(in).map(GoDuration::format)).isEqualTo(Optional.ofNullable(out));
  }
}
