package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SopsDecryptorTest {
  static final Path FLUX = Path.of("../shared/corpus/sops/fluxcd__kustomize-controller/internal/controller/testdata/sops");
  static final String KEY = "AGE-SECRET-KEY-1RH87A5Z54ZGUR9S0AS3R6WHFSEFNPLYMAKF5Z2CEU7R06VRJ0A3Q7242AM";

  private static String ageYaml() throws IOException {
    return Files.readString(FLUX.resolve("algorithms/age.yaml"));
  }

  private static SopsDecryptor decryptor() {
    return new SopsDecryptor(AgeKeys.of(AgeIdentity.parse(KEY, "test")));
  }

  @Test
  void identityYieldsItsRecipient() {
    assertThat(AgeIdentity.parse(KEY, "test").recipient())
        .isEqualTo("age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29");
  }

  @Test
  void decryptsTheWorkedExample() throws IOException {
    SopsPlaintext p = decryptor().decrypt("age.yaml", ageYaml().getBytes(StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) p.first().reveal().get("stringData");
    assertThat(data).containsEntry("key", "value");
    assertThat(p.first().reveal()).doesNotContainKey("sops");
    assertThat(p.toString()).isEqualTo("SopsPlaintext[YAML, <redacted>]");
    assertThat(p.first().toString()).isEqualTo("<redacted>");
    assertThat(new String(p.render().reveal(), StandardCharsets.UTF_8)).contains("key: value");
  }

  @Test
  void aTamperedPlaintextValueBreaksTheMac() throws IOException {
    String tampered = ageYaml().replace("kind: Secret", "kind: ConfigMap");
    assertThat(tampered).isNotEqualTo(ageYaml());
    assertThatThrownBy(() -> decryptor().decrypt("age.yaml", tampered.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SopsException.class).hasMessageContaining("age.yaml: MAC mismatch");
  }

  @Test
  void aMovedCiphertextFailsItsAuthenticationWithThePathNamed() throws IOException {
    String moved = ageYaml().replace("stringData:\n  key:", "stringData:\n  other:");
    assertThat(moved).isNotEqualTo(ageYaml());
    assertThatThrownBy(() -> decryptor().decrypt("age.yaml", moved.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SopsException.class).hasMessageContaining("stringData:other:")
        .hasMessageNotContaining("ENC[");
  }

  @Test
  void aWrongKeyNamesTheRecipientsOnBothSides() throws IOException {
    byte[] global = Files.readAllBytes(FLUX.resolve("global/secret.yaml"));
    assertThatThrownBy(() -> decryptor().decrypt("secret.yaml", global))
        .hasMessageContaining("no age identity matches; the file is encrypted for [age1")
        .hasMessageContaining("plumb holds [age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29]");
    assertThatThrownBy(() -> new SopsDecryptor(new AgeKeys(List.of())).decrypt("secret.yaml", global))
        .hasMessageContaining("plumb holds no age keys (set SOPS_AGE_KEY_FILE");
  }

  @Test
  void aPlainFileIsNotASopsFile() {
    assertThatThrownBy(() -> decryptor().decrypt("plain.yaml", "a: 1\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("plain.yaml: sops metadata not found");
    assertThat(SopsDecryptor.isEncrypted("plain.yaml", "a: 1\n".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void typesPlainScalarsAsGoYamlDoes() {
    assertThat(GoYaml.resolvePlain("0644")).isEqualTo(420L);
    assertThat(GoYaml.resolvePlain("0o644")).isEqualTo(420L);
    assertThat(GoYaml.resolvePlain("on")).isEqualTo("on");
    assertThat(GoYaml.resolvePlain("yes")).isEqualTo("yes");
    assertThat(GoYaml.resolvePlain("True")).isEqualTo(true);
    assertThat(GoYaml.resolvePlain("1_000")).isEqualTo(1000L);
    assertThat(GoYaml.text(GoYaml.resolvePlain("1e3"))).isEqualTo("1000");
    assertThat(GoYaml.text(GoYaml.resolvePlain("1.0"))).isEqualTo("1");
    assertThat(GoYaml.text(GoYaml.resolvePlain(".inf"))).isEqualTo("+Inf");
    assertThat(GoYaml.text(GoYaml.resolvePlain("2001-12-14 21:59:43.10"))).isEqualTo("2001-12-14T21:59:43.1Z");
    assertThat(GoYaml.text(GoYaml.resolvePlain("2002-12-14"))).isEqualTo("2002-12-14T00:00:00Z");
    assertThat(GoYaml.resolvePlain("~")).isNull();
    assertThat(GoYaml.resolvePlain("4096 87380 33554432")).isEqualTo("4096 87380 33554432");
  }

  @Test
  void knownAnswerOfSopsOwnCipherTest() {
    byte[] key = "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.US_ASCII);
    String enc = "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,"
        + "tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
    assertThat(SopsValue.decrypt(enc, key, "bar:", "t")).contains("foo");
    assertThatThrownBy(() -> SopsValue.decrypt(enc, key, "", "t")).hasMessageContaining("authentication failed");
  }
}
