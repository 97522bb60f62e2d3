package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DriftTest {
  static final String LIVE = """
      version: v1alpha1
      machine:
        type: controlplane
        token: abcdef.0123456789abcdef
        ca:
          crt: LS0tLS1CRUdJTiBDRVJU
          key: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t
      cluster:
        secret: c2VjcmV0LXZhbHVlLW9mLWNsdXN0ZXI=
        aescbcEncryptionSecret: YWVzY2JjLXNlY3JldC12YWx1ZQ==
      """;

  @Test
  void aChangedSecretShowsAsAChangedMaskNeverAsItsValue() {
    String desired = LIVE.replace("abcdef.0123456789abcdef", "fedcba.9876543210fedcba")
        .replace("type: controlplane", "type: controlplane\n  certSANs: [10.0.0.1]");
    String d = Drift.diff("cp-1", bytes(LIVE), bytes(desired));
    assertThat(d).startsWith("--- cp-1 (live)\n+++ cp-1 (desired)").contains("-  token: <secret ", "+  token: <secret ",
        "+    - 10.0.0.1");
    assertThat(d).doesNotContain("abcdef.0123456789abcdef", "fedcba.9876543210fedcba", "LS0tLS1CRUdJTiBFQyBQUklW",
        "c2VjcmV0LXZhbHVlLW9mLWNsdXN0ZXI=", "YWVzY2JjLXNlY3JldC12YWx1ZQ==");
  }

  @Test
  void theSameContentInAnotherLayoutIsNoDrift() {
    String reordered = """
        machine:
          ca: {key: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t, crt: LS0tLS1CRUdJTiBDRVJU}
          token: "abcdef.0123456789abcdef"
          type: controlplane
        cluster:
          aescbcEncryptionSecret: YWVzY2JjLXNlY3JldC12YWx1ZQ==
          secret: c2VjcmV0LXZhbHVlLW9mLWNsdXN0ZXI=
        version: v1alpha1
        """;
    assertThat(Drift.diff("cp-1", bytes(LIVE), bytes(reordered))).isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
