package dev.plumb.report.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.render.sops.Sensitive;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic JSON webhook for scripts: the event as JSON (Flux's event fields: involvedObject,
 * severity, timestamp, message, reason, metadata, reportingController) and, with a secret, an
 * {@code X-Signature: sha256=HEX} header, the HMAC-SHA256 of the exact body bytes (Flux's
 * generic-hmac provider).
 */
final class WebhookTarget implements Target {
  static final String SIGNATURE_HEADER = "X-Signature";
  private final String name;
  private final Sensitive<URI> url;
  private final Optional<Sensitive<byte[]>> secret;

  WebhookTarget(String name, Sensitive<URI> url, Optional<Sensitive<byte[]>> secret) {
    this.name = name;
    this.url = url;
    this.secret = secret;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<HttpRequest> request(RolloutEvent e) {
    ObjectNode p = Json.object();
    p.putObject("involvedObject").put("kind", "Cluster").put("name", e.cluster());
    p.put("severity", e.severity());
    p.put("timestamp", e.at().toString());
    p.put("message", e.message());
    p.put("reason", e.kind().reason());
    ObjectNode meta = p.putObject("metadata").put("revision", e.revision());
    if (!e.wave().isEmpty()) {
      meta.put("wave", e.wave());
    }
    p.put("reportingController", "plumb");
    byte[] body = Json.bytes(p);
    HttpRequest.Builder b = Json.post(url.reveal(), body);
    secret.ifPresent(s -> b.header(SIGNATURE_HEADER, "sha256=" + hmac(s.reveal(), body)));
    return Optional.of(b.build());
  }

  static String hmac(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
