package dev.plumb.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a delivery comes from the forge, over the raw bytes and before anything is parsed
 * (reference/webhooks.md): HMAC-SHA256 headers for GitHub, Gitea, Forgejo, Gogs, Bitbucket and
 * plumb's generic form; GitLab's shared token. Comparisons are constant-time. Messages name the
 * provider and header, never the secret.
 */
final class Signatures {
  private Signatures() {}

  /** Empty when the delivery is authentic, else why not. {@code signed} is the body the MAC covers. */
  static java.util.Optional<String> verify(Provider p, Map<String, String> headers, byte[] signed, byte[] secret) {
    return switch (p) {
      case GITLAB -> token(headers.get("x-gitlab-token"), secret);
      case GITHUB -> hmac(p, "x-hub-signature-256", "sha256=", headers, signed, secret);
      case BITBUCKET -> hmac(p, "x-hub-signature", "sha256=", headers, signed, secret);
      case GITEA -> hmac(p, "x-gitea-signature", "", headers, signed, secret);
      case FORGEJO -> hmac(p, "x-forgejo-signature", "", headers, signed, secret);
      case GOGS -> hmac(p, "x-gogs-signature", "", headers, signed, secret);
      case GENERIC -> hmac(p, "x-plumb-signature", "sha256=", headers, signed, secret);
    };
  }

  private static java.util.Optional<String> token(String got, byte[] secret) {
    if (got == null || got.isEmpty()) {
      return java.util.Optional.of("gitlab: no X-Gitlab-Token header, and a token is configured");
    }
    return MessageDigest.isEqual(got.getBytes(StandardCharsets.UTF_8), secret) ? java.util.Optional.empty()
        : java.util.Optional.of("gitlab: X-Gitlab-Token does not match the configured token");
  }

  private static java.util.Optional<String> hmac(Provider p, String header, String prefix, Map<String, String> headers,
      byte[] body, byte[] secret) {
    String got = headers.getOrDefault(header, "");
    String name = canonical(header);
    if (got.isEmpty()) {
      return java.util.Optional.of(p.id() + ": no " + name + " header, and a secret is configured");
    }
    if (!got.startsWith(prefix)) {
      return java.util.Optional.of(p.id() + ": " + name + " is not of the form " + prefix + "<hex>");
    }
    byte[] want = (prefix + HexFormat.of().formatHex(hmacSha256(secret, body))).getBytes(StandardCharsets.US_ASCII);
    byte[] have = got.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(want, have) ? java.util.Optional.empty()
        : java.util.Optional.of(p.id() + ": " + name + " does not match the body");
  }

  static byte[] hmacSha256(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static String canonical(String header) {
    StringBuilder sb = new StringBuilder();
    for (String part : header.split("-")) {
      sb.append(sb.length() == 0 ? "" : "-").append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return sb.toString();
  }
}
