package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SopsEncryptorTest {
  static final AgeIdentity ID = AgeIdentity.parse(
      "AGE-SECRET-KEY-1RH87A5Z54ZGUR9S0AS3R6WHFSEFNPLYMAKF5Z2CEU7R06VRJ0A3Q7242AM", "test");

  @Test
  void whatItEncryptsDecryptsToTheSameTreeWithAGoodMac() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster", Map.of("id", "abc", "secret", "s3cr3t"));
    doc.put("count", 7L);
    doc.put("ratio", 0.5);
    doc.put("on", true);
    doc.put("list", List.of("a", "b"));
    doc.put("empty", "");
    doc.put("note_unencrypted", "plain");
    String yaml = new SopsEncryptor(List.of(ID.recipient())).encryptYaml(doc, Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(yaml).doesNotContain("s3cr3t").contains("ENC[AES256_GCM,").contains("note_unencrypted: plain")
        .contains("lastmodified:").contains("2026-01-02T03:04:05Z");
    var plain = new SopsDecryptor(AgeKeys.of(ID)).decrypt("x.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(plain.first().reveal()).isEqualTo(doc);
  }
}
