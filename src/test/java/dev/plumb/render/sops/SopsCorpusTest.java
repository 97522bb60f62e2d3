package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real sops file of ../shared/corpus/sops against its expected plaintext or error. */
class SopsCorpusTest {
  static final Path CORPUS = Path.of("../shared/corpus/sops");
  static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() throws IOException {
    JsonNode index = JSON.readTree(CORPUS.resolve("index.json").toFile());
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : index.get("cases")) {
      if (c.get("format").asText().equals("ini")) {
        continue; // plumb reads no INI files
      }
      out.add(Arguments.of(c.get("file").asText(), c));
    }
    return out.stream();
  }

  private static SopsFormat format(JsonNode c) {
    return switch (c.get("format").asText()) {
      case "yaml" -> SopsFormat.YAML;
      case "json" -> SopsFormat.JSON;
      case "dotenv" -> SopsFormat.DOTENV;
      default -> SopsFormat.BINARY;
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decryptsAsSopsDoes(String file, JsonNode c) throws IOException {
    byte[] content = Files.readAllBytes(CORPUS.resolve(file));
    String key = c.get("key").isNull() ? null : c.get("key").asText();
    String expect = c.get("expect").asText();
    boolean pgpOnly = key != null && key.endsWith(".asc");
    if (expect.equals("ok")) {
      JsonNode expected = JSON.readTree(CORPUS.resolve(c.get("expected_tree_file").asText()).toFile());
      SopsPlaintext p = pgpOnly
          ? SopsDecryptor.decryptWithDataKey(file, format(c), content,
              HexFormat.of().parseHex(expected.get("data_key_hex").asText()))
          : new SopsDecryptor(AgeKeys.fromFile(CORPUS.resolve(key))).decrypt(file, format(c), content);
      JsonNode want = expected.get("tree");
      List<Object> docs = p.documents().reveal();
      JsonNode got = JSON.valueToTree(want.isArray() && docs.size() > 1 ? docs : docs.get(0));
      assertThat(same(got, want)).as("decrypted tree of %s:%n got %s%n want %s", file, got, want).isTrue();
      if (!pgpOnly) {
        assertThat(p.toString()).doesNotContain("ENC[");
      }
      return;
    }
    Runnable decrypt = () -> {
      AgeKeys keys = AgeKeys.fromFile(CORPUS.resolve(key));
      new SopsDecryptor(keys).decrypt(file, format(c), content);
    };
    String kind = expect.substring("error:".length());
    String message = switch (kind) {
      case "no-matching-identity" -> "no age identity matches";
      case "no-age-recipient" -> "has no age recipient; it is encrypted for: pgp";
      case "value-authentication-failed" -> "AES-GCM authentication failed";
      case "mac-mismatch" -> "MAC mismatch";
      case "missing-mac" -> "MAC";
      default -> "mlkem768x25519";
    };
    if (kind.equals("missing-mac")) {
      JsonNode expected = JSON.readTree(CORPUS.resolve(c.get("expected_tree_file").asText()).toFile());
      byte[] dk = HexFormat.of().parseHex(expected.get("data_key_hex").asText());
      assertThatThrownBy(() -> SopsDecryptor.decryptWithDataKey(file, format(c), content, dk))
          .isInstanceOf(SopsException.class).hasMessageContaining("the file has no MAC");
      return;
    }
    assertThatThrownBy(decrypt::run).isInstanceOf(SopsException.class).hasMessageContaining(message)
        .hasMessageContaining(file.contains("age-pq") || file.contains("post-quantum") ? "" : file);
  }

  /** Tree equality where 7 (int) and 7.0 (float) differ but an int's width does not matter. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.isIntegralNumber() == b.isIntegralNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      var ai = a.fieldNames();
      var bi = b.fieldNames();
      while (ai.hasNext()) {
        String ka = ai.next();
        String kb = bi.next();
        if (!ka.equals(kb) || !same(a.get(ka), b.get(kb))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isBinary() && b.isTextual()) {
      return new String(Base64Holder.decode(a), StandardCharsets.UTF_8).equals(b.asText());
    }
    return a.equals(b);
  }

  private static final class Base64Holder {
    static byte[] decode(JsonNode n) {
      try {
        return n.binaryValue();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
