package dev.plumb.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.sops.Sensitive;
import dev.plumb.report.PlumbMetrics;
import dev.plumb.report.StatusReport;
import dev.plumb.server.webhook.DeliveryIds;
import dev.plumb.server.webhook.Provider;
import dev.plumb.server.webhook.PushEvent;
import dev.plumb.server.webhook.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The daemon's HTTP server on loopback, spoken to by the JDK's HTTP client. */
class PlumbServerIT {
  static final byte[] TOKEN = "api-token-for-tests".getBytes(StandardCharsets.UTF_8);
  final HttpClient http = HttpClient.newHttpClient();
  final List<String> calls = new ArrayList<>();
  final List<PushEvent> pushes = new ArrayList<>();
  final AtomicBoolean ready = new AtomicBoolean();
  final PlumbMetrics metrics = new PlumbMetrics();

  PlumbServer server(ServerConfig cfg) {
    StatusReport status = new StatusReport(StatusReport.SCHEMA, "converged", "a".repeat(40), "a".repeat(40), "", null,
        List.of(), List.of());
    WebhookReceiver hooks = new WebhookReceiver("git@github.com:Codertocat/Hello-World.git", "master",
        Map.of(Provider.GITHUB, Sensitive.of("topsecret".getBytes(StandardCharsets.UTF_8))), new DeliveryIds(10), pushes::add);
    return new PlumbServer(cfg, () -> status, ready::get, metrics, hooks, new PlumbServer.Controls() {
      @Override
      public void syncNow(String why) {
        calls.add("sync");
      }

      @Override
      public void suspend(String cluster, boolean on) {
        calls.add((on ? "suspend " : "resume ") + cluster);
      }

      @Override
      public boolean knows(String cluster) {
        return cluster.equals("demo");
      }
    });
  }

  static ServerConfig config(boolean token, long maxBody) {
    return new ServerConfig("127.0.0.1:0", token ? Optional.of(Sensitive.of(TOKEN)) : Optional.empty(), Optional.empty(),
        Optional.empty(), maxBody, Map.of(), Optional.empty());
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesStatusMetricsAndTheTokenGuardedControls() throws Exception {
    ServerConfig cfg = config(true, 1 << 20);
    try (PlumbServer s = server(cfg)) {
      String base = "http://127.0.0.1:" + s.start(cfg);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/healthz"))).statusCode()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/readyz"))).statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/readyz"))).statusCode()).isEqualTo(200);
      HttpResponse<String> st = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/status")));
      assertThat(st.body()).contains("\"schema\" : \"plumb.status/v1\"", "\"phase\" : \"converged\"");

      HttpRequest.Builder sync = HttpRequest.newBuilder(URI.create(base + "/api/v1/sync")).POST(HttpRequest.BodyPublishers.noBody());
      assertThat(send(sync).statusCode()).isEqualTo(401);
      assertThat(send(sync.copy().header("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
      assertThat(send(sync.copy().header("Authorization", "Bearer api-token-for-tests")).statusCode()).isEqualTo(202);
      HttpRequest.Builder suspend = HttpRequest.newBuilder(URI.create(base + "/api/v1/clusters/demo/suspend"))
          .header("Authorization", "Bearer api-token-for-tests").POST(HttpRequest.BodyPublishers.noBody());
      assertThat(send(suspend).statusCode()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/clusters/nope/resume"))
          .header("Authorization", "Bearer api-token-for-tests").POST(HttpRequest.BodyPublishers.noBody())).statusCode())
          .isEqualTo(404);
      assertThat(calls).containsExactly("sync", "suspend demo");

      byte[] body = Files.readAllBytes(Path.of("../shared/corpus/webhooks/github/go-scm__push.json"));
      HttpResponse<String> hook = send(HttpRequest.newBuilder(URI.create(base + "/webhook"))
          .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", "ee8d97b4").header("Content-Type", "application/json")
          .header("X-Hub-Signature-256", "sha256=e3bfe744d4e2e29ed990bde8acfb8255ca51ef65f99657767989fb6349f32957")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
      assertThat(hook.statusCode()).as(hook.body()).isEqualTo(202);
      assertThat(pushes).singleElement().satisfies(p -> assertThat(p.after()).isEqualTo("199eddf46df50de8d02e99bf1c5fdb4101338224"));
      HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(base + "/webhook"))
          .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
      assertThat(forged.statusCode()).isEqualTo(401);
      // plumb status --server reads the same document
      var out = new java.io.ByteArrayOutputStream();
      var old = System.out;
      System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
      int code;
      try {
        code = dev.plumb.Main.run("status", "--server", base, "--output", "json");
      } finally {
        System.setOut(old);
      }
      assertThat(code).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"phase\" : \"converged\"");
      String scrape = send(HttpRequest.newBuilder(URI.create(base + "/metrics"))).body();
      assertThat(scrape).contains("plumb_webhook_deliveries_total{provider=\"github\",result=\"accepted\"} 1.0",
          "plumb_webhook_deliveries_total{provider=\"github\",result=\"refused\"} 1.0");
      assertThat(scrape).doesNotContain("topsecret", "api-token-for-tests");
    }
  }

  @Test
  void servesTlsWhenACertificateIsConfigured(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    var kp = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
    var name = new org.bouncycastle.asn1.x500.X500Name("CN=127.0.0.1");
    var now = java.time.Instant.now();
    var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
        java.util.Date.from(now.minusSeconds(60)), java.util.Date.from(now.plusSeconds(3600)), name, kp.getPublic())
        .addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
            new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
    var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
        new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    Path crt = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(crt))) {
      w.writeObject(cert);
    }
    // PKCS#8, as openssl genpkey and most CAs write a key
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    ServerConfig cfg = new ServerConfig("127.0.0.1:0", Optional.empty(), Optional.of(crt), Optional.of(key), 1 << 20, Map.of(), Optional.empty());
    try (PlumbServer s = server(cfg)) {
      int port = s.start(cfg);
      var ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("plumb", cert);
      var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      var ssl = javax.net.ssl.SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient tls = HttpClient.newBuilder().sslContext(ssl).build();
      var r = tls.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok");
    }
  }

  @Test
  void withoutATokenMutatingEndpointsAreOffAndBodiesAreCapped() throws Exception {
    ServerConfig cfg = config(false, 1024);
    try (PlumbServer s = server(cfg)) {
      String base = "http://127.0.0.1:" + s.start(cfg);
      HttpResponse<String> sync = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sync"))
          .header("Authorization", "Bearer anything").POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(sync.statusCode()).isEqualTo(403);
      HttpResponse<String> big = send(HttpRequest.newBuilder(URI.create(base + "/webhook")).header("X-GitHub-Event", "push")
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])));
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(calls).isEmpty();
      assertThat(pushes).isEmpty();
    }
  }
}
