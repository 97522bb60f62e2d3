package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a simulated node does with config bytes before it acts on them, as Talos does: load
 * (configloader.NewFromBytes: decode every document strictly) and then validate
 * (container.Validate). Which of the two refused decides the status code and the prefix of the
 * answer ({@link ApplyHandler}); the simulator never uses plumb's own renderer or validator here.
 */
final class TalosConfigLoader {
  /** Where Talos stopped: in the loader, or in validation. */
  enum Stage { PARSE, VALIDATE }

  /** Talos refused the config; {@link #getMessage()} is Talos's error text without its prefix. */
  static final class Refused extends RuntimeException {
    private final Stage stage;

    Refused(Stage stage, String message) {
      super(message, null, false, false);
      this.stage = stage;
    }

    Stage stage() {
      return stage;
    }
  }

  private TalosConfigLoader() {}

  /** The config as the node holds it once Talos accepted it. */
  static MachineConfigView load(byte[] data, String talosVersion) {
    List<ConfigDecoder.Decoded> docs;
    try {
      docs = ConfigDecoder.decode(new String(data, StandardCharsets.UTF_8), TalosSchemas.forVersion(talosVersion));
      docs.stream().filter(ConfigDecoder.Decoded::legacy).findFirst().ifPresent(TalosConfigLoader::base64Fields);
    } catch (ConfigDecoder.DecodeException e) {
      throw new Refused(Stage.PARSE, e.getMessage());
    }
    List<String> errors = TalosConfigRules.validate(docs);
    if (!errors.isEmpty()) {
      throw new Refused(Stage.VALIDATE, GoErrors.multi(errors));
    }
    return MachineConfigView.parse(data);
  }

  /** PEMEncodedCertificateAndKey.UnmarshalYAML decodes crt and key as standard base64. */
  private static void base64Fields(ConfigDecoder.Decoded v1) {
    JsonNode ca = v1.body().path("machine").path("ca");
    for (String field : List.of("crt", "key")) {
      String value = ca.path(field).asText("");
      int bad = firstBadBase64(value);
      if (bad >= 0) {
        throw new ConfigDecoder.DecodeException("error decoding document /v1alpha1/ (line " + v1.line()
            + "): illegal base64 data at input byte " + bad);
      }
    }
  }

  /** The offset Go's base64.StdEncoding reports for malformed input, or -1 when it decodes. */
  static int firstBadBase64(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
          || c == '/';
      if (c == '\r' || c == '\n') {
        continue; // Go skips newlines
      }
      if (!alphabet && !(c == '=' && i >= s.length() - 2)) {
        return i;
      }
    }
    String clean = s.replace("\r", "").replace("\n", "");
    if (clean.length() % 4 != 0) {
      return clean.length() - clean.length() % 4;
    }
    return -1;
  }
}
