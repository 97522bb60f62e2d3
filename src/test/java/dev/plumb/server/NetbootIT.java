package dev.plumb.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.sops.Sensitive;
import dev.plumb.report.PlumbMetrics;
import dev.plumb.server.webhook.DeliveryIds;
import dev.plumb.server.webhook.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The netboot endpoint answers the request a booting Talos machine makes for
 * {@code talos.config=http://plumb/netboot/v1/home/config?uuid=${uuid}&mac=${mac}&token=T}: its own
 * config, found by the identity Git declares, and nothing for a machine it does not know or whose
 * identity points elsewhere.
 */
class NetbootIT {
  static final String CP1_UUID = "4c4c4544-0042-3510-8052-b7c04f4e3232";
  static final String W1_UUID = "2d6e5b7a-1111-4c3b-9d6e-000000000001";
  PlumbServer server;
  int port;
  final HttpClient http = HttpClient.newHttpClient();

  static Sensitive<byte[]> config(String host) {
    return Sensitive.of(("version: v1alpha1\nmachine:\n  network:\n    hostname: " + host + "\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void start() {
    List<NetbootEndpoint.Machine> machines = List.of(
        new NetbootEndpoint.Machine("home", "cp-1", CP1_UUID.toUpperCase(), List.of(), config("cp-1")),
        new NetbootEndpoint.Machine("home", "w-1", W1_UUID, List.of("52-54-00-AA-BB-01"), config("w-1")),
        new NetbootEndpoint.Machine("lab", "lab-1", "", List.of("52:54:00:cc:dd:01"), config("lab-1")));
    NetbootEndpoint netboot = new NetbootEndpoint(() -> machines,
        Map.of("home", Sensitive.of("home-token".getBytes(StandardCharsets.UTF_8))));
    ServerConfig cfg = new ServerConfig("127.0.0.1:0", Optional.empty(), Optional.empty(), Optional.empty(), 1 << 20,
        Map.of(), Optional.empty());
    server = new PlumbServer(cfg, () -> null, () -> true, new PlumbMetrics(),
        new WebhookReceiver("x", "main", Map.of(), new DeliveryIds(10), e -> { }), new PlumbServer.Controls() {
          @Override
          public void syncNow(String why) {}

          @Override
          public void suspend(String cluster, boolean on) {}

          @Override
          public boolean knows(String cluster) {
            return false;
          }
        }, Optional.empty(), Optional.of(netboot));
    port = server.start(cfg);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** GET as Talos's config download does: the URL with ${uuid} and ${mac} already filled in. */
  HttpResponse<String> boot(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("User-Agent", "Talos/v1.13.9").GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDeclaredMachineGetsItsOwnConfig() throws Exception {
    HttpResponse<String> r = boot("/netboot/v1/home/config?uuid=" + CP1_UUID + "&mac=52:54:00:aa:bb:99&token=home-token");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("hostname: cp-1");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    // a MAC declared in another spelling still matches; the uuid Talos sends agrees
    HttpResponse<String> w = boot("/netboot/v1/home/config?uuid=" + W1_UUID + "&mac=52%3A54%3A00%3Aaa%3Abb%3A01&token=home-token");
    assertThat(w.body()).contains("hostname: w-1");
    HttpResponse<String> lab = boot("/netboot/v1/lab/config?uuid=&mac=52:54:00:cc:dd:01");
    assertThat(lab.statusCode()).isEqualTo(200);
    assertThat(lab.body()).contains("hostname: lab-1");
  }

  @Test
  void anUnknownMachineGetsNothing() throws Exception {
    HttpResponse<String> r = boot("/netboot/v1/home/config?uuid=00000000-0000-0000-0000-000000000000"
        + "&mac=52:54:00:00:00:00&token=home-token");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("no node declares").doesNotContain("hostname:");
    // the lab machine's MAC asks under cluster home: not this cluster's node
    assertThat(boot("/netboot/v1/home/config?mac=52:54:00:cc:dd:01&token=home-token").statusCode()).isEqualTo(404);
  }

  @Test
  void anIdentityThatPointsAtTwoNodesOrContradictsGitGetsNoConfig() throws Exception {
    HttpResponse<String> both = boot("/netboot/v1/home/config?uuid=" + CP1_UUID + "&mac=52:54:00:aa:bb:01&token=home-token");
    assertThat(both.statusCode()).isEqualTo(409);
    assertThat(both.body()).contains("cp-1").contains("w-1").doesNotContain("hostname:");
    HttpResponse<String> wrongMac = boot("/netboot/v1/home/config?uuid=" + W1_UUID + "&mac=52:54:00:aa:bb:02&token=home-token");
    assertThat(wrongMac.statusCode()).isEqualTo(409);
  }

  @Test
  void aClusterWithATokenNeedsItBeforeAnythingIsLookedUp() throws Exception {
    HttpResponse<String> none = boot("/netboot/v1/home/config?uuid=" + CP1_UUID);
    assertThat(none.statusCode()).isEqualTo(403);
    HttpResponse<String> wrong = boot("/netboot/v1/home/config?uuid=00000000-0000-0000-0000-000000000000&token=x");
    assertThat(wrong.statusCode()).as("no oracle: an unknown machine with a wrong token is 403 too").isEqualTo(403);
    assertThat(boot("/netboot/v1/home/config?token=home-token").statusCode()).isEqualTo(400);
  }

  @Test
  void macsAreComparedInOneSpelling() {
    assertThat(NetbootEndpoint.mac("52-54-00-AA-BB-01")).isEqualTo("52:54:00:aa:bb:01");
    assertThat(NetbootEndpoint.mac("525400aabb01")).isEqualTo("52:54:00:aa:bb:01");
  }
}
