package dev.plumb.report.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.plumb.plan.Wave;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollout moments reach Slack, Discord, Teams, a generic HMAC-signed webhook and the commit status
 * APIs of GitHub, GitLab and Gitea as those services expect them (bodies, paths, auth headers),
 * retried on 5xx, never retried on another 4xx, queued without blocking the rollout, and the
 * oldest dropped and counted when the queue is full.
 */
class NotificationsIT {
  static final String REV = "0123456789abcdef0123456789abcdef01234567";
  static final String REV2 = "89abcdef0123456789abcdef0123456789abcdef";
  static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");
  static final Dispatcher.Settings FAST = new Dispatcher.Settings(64, 3, Duration.ofMillis(10), Duration.ofMillis(50));

  WireMockServer wm;
  final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    wm.stubFor(post(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200)));
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + wm.port() + path);
  }

  Dispatcher dispatcher(Dispatcher.Settings s) {
    return new Dispatcher(s, r -> outcomes.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet());
  }

  int count(String outcome) {
    return outcomes.getOrDefault(outcome, new AtomicInteger()).get();
  }

  /** A rollout of REV to cluster home that passes one wave and converges, then REV2 halts. */
  static void rollout(Notifications n) {
    RolloutListener l = n.listener("home", REV, new RolloutListener() {});
    Wave w = new Wave("control plane cp-1", List.of());
    l.waveStarted(w);
    l.gatesPassed(w);
    l.finished(new RolloutOutcome(RolloutOutcome.Kind.CONVERGED, "", "", null, ""));
    l.finished(new RolloutOutcome(RolloutOutcome.Kind.CONVERGED, "", "", null, "")); // an idle poll: told once
    RolloutListener l2 = n.listener("home", REV2, new RolloutListener() {});
    l2.waveStarted(w);
    l2.finished(new RolloutOutcome(RolloutOutcome.Kind.HALTED, "control plane cp-1", "cp-1", null,
        "etcd lost quorum"));
  }

  List<JsonNode> bodies(String path) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo(path)))) {
      out.add(Json.MAPPER.readTree(r.getBody()));
    }
    return out;
  }

  @Test
  void slackDiscordAndTeamsGetFluxShapedMessagesForEachMoment() throws Exception {
    Dispatcher d = dispatcher(FAST);
    try (Notifications n = new Notifications(List.of(
        ChatTarget.slack("slack", Sensitive.of(url("/services/T0/B0/xyz")), "#ops", ""),
        ChatTarget.discord("discord", Sensitive.of(url("/api/webhooks/1/tok")), "plumb-bot"),
        new TeamsTarget("teams", Sensitive.of(url("/workflows/teams")))), d, () -> AT)) {
      rollout(n);
      assertThat(d.drain(Duration.ofSeconds(20))).isTrue();
    }
    List<JsonNode> slack = bodies("/services/T0/B0/xyz");
    // REV: started, wave passed, converged (the idle second converge is not told); REV2: started, halted
    assertThat(slack).hasSize(5);
    JsonNode started = slack.get(0);
    assertThat(started.get("channel").asText()).isEqualTo("#ops");
    assertThat(started.get("username").asText()).isEqualTo("plumb");
    JsonNode att = started.get("attachments").get(0);
    assertThat(att.get("color").asText()).isEqualTo("good");
    assertThat(att.get("author_name").asText()).isEqualTo("cluster/home");
    assertThat(att.get("text").asText()).isEqualTo("rollout of 0123456789ab to cluster home started");
    assertThat(att.get("mrkdwn_in").get(0).asText()).isEqualTo("text");
    assertThat(att.get("fields").findValuesAsText("value")).contains("0123456789ab", "RolloutStarted");
    JsonNode halted = slack.get(4).get("attachments").get(0);
    assertThat(halted.get("color").asText()).isEqualTo("danger");
    assertThat(halted.get("text").asText()).contains("halted in wave 'control plane cp-1'").contains("etcd lost quorum");

    List<JsonNode> discord = bodies("/api/webhooks/1/tok/slack");
    assertThat(discord).hasSize(5);
    assertThat(discord.get(0).get("username").asText()).isEqualTo("plumb-bot");
    assertThat(discord.get(0).has("channel")).isFalse();

    List<JsonNode> teams = bodies("/workflows/teams");
    assertThat(teams).hasSize(5);
    JsonNode card = teams.get(4).get("attachments").get(0);
    assertThat(teams.get(4).get("type").asText()).isEqualTo("message");
    assertThat(card.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(card.get("content").get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("content").get("version").asText()).isEqualTo("1.4");
    JsonNode items = card.get("content").get("body").get(0).get("items");
    assertThat(items.get(0).get("text").asText()).isEqualTo("cluster/home");
    assertThat(items.get(1).get("color").asText()).isEqualTo("attention");
    assertThat(items.get(2).get("facts").findValuesAsText("value")).contains("RolloutHalted", "89abcdef0123");
    assertThat(count("sent")).isEqualTo(15);
  }

  @Test
  void theGenericWebhookCarriesTheEventAndAnHmacOfTheExactBody() throws Exception {
    Dispatcher d = dispatcher(FAST);
    byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
    try (Notifications n = new Notifications(List.of(new WebhookTarget("hook", Sensitive.of(url("/hook")),
        Optional.of(Sensitive.of(secret)))), d, () -> AT)) {
      rollout(n);
      assertThat(d.drain(Duration.ofSeconds(20))).isTrue();
    }
    List<LoggedRequest> got = wm.findAll(postRequestedFor(urlEqualTo("/hook")));
    assertThat(got).hasSize(5);
    for (LoggedRequest r : got) {
      assertThat(r.getHeader("X-Signature")).isEqualTo("sha256=" + WebhookTarget.hmac(secret, r.getBody()));
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    }
    JsonNode halted = Json.MAPPER.readTree(got.get(4).getBody());
    assertThat(halted.get("reason").asText()).isEqualTo("RolloutHalted");
    assertThat(halted.get("severity").asText()).isEqualTo("error");
    assertThat(halted.get("involvedObject").get("name").asText()).isEqualTo("home");
    assertThat(halted.get("metadata").get("revision").asText()).isEqualTo(REV2);
    assertThat(halted.get("metadata").get("wave").asText()).isEqualTo("control plane cp-1");
    assertThat(halted.get("timestamp").asText()).isEqualTo("2026-11-30T12:00:00Z");
    assertThat(halted.get("reportingController").asText()).isEqualTo("plumb");
  }

  @Test
  void commitStatusesArePendingThenSuccessOrFailureOnEachForgeWithItsOwnAuth() throws Exception {
    Dispatcher d = dispatcher(FAST);
    Sensitive<byte[]> token = Sensitive.of("tok-123".getBytes(StandardCharsets.UTF_8));
    try (Notifications n = new Notifications(List.of(
        new CommitStatusTarget(CommitStatusTarget.Forge.GITHUB, url("/gh").toString(), "acme/fleet", token),
        new CommitStatusTarget(CommitStatusTarget.Forge.GITLAB, url("/gl/api/v4").toString(), "acme/infra/fleet", token),
        new CommitStatusTarget(CommitStatusTarget.Forge.GITEA, url("/gt/api/v1/").toString(), "acme/fleet", token)),
        d, () -> AT)) {
      rollout(n);
      assertThat(d.drain(Duration.ofSeconds(20))).isTrue();
    }
    wm.verify(2, postRequestedFor(urlEqualTo("/gh/repos/acme/fleet/statuses/" + REV))
        .withHeader("Authorization", equalTo("Bearer tok-123"))
        .withHeader("Accept", equalTo("application/vnd.github+json")));
    wm.verify(postRequestedFor(urlEqualTo("/gh/repos/acme/fleet/statuses/" + REV)).withRequestBody(equalToJson(
        "{\"state\":\"pending\",\"context\":\"plumb/home\",\"description\":\"rollout of 0123456789ab to cluster home started\"}")));
    wm.verify(postRequestedFor(urlEqualTo("/gh/repos/acme/fleet/statuses/" + REV)).withRequestBody(equalToJson(
        "{\"state\":\"success\",\"context\":\"plumb/home\",\"description\":\"cluster home converged at 0123456789ab\"}")));
    List<JsonNode> ghFail = bodies("/gh/repos/acme/fleet/statuses/" + REV2);
    assertThat(ghFail).extracting(b -> b.get("state").asText()).containsExactly("pending", "failure");
    assertThat(ghFail.get(1).get("description").asText()).hasSizeLessThanOrEqualTo(140).contains("halted in wave");

    String glPath = "/gl/api/v4/projects/acme%2Finfra%2Ffleet/statuses/";
    wm.verify(2, postRequestedFor(urlEqualTo(glPath + REV)).withHeader("PRIVATE-TOKEN", equalTo("tok-123")));
    assertThat(bodies(glPath + REV2)).extracting(b -> b.get("state").asText() + " " + b.get("name").asText())
        .containsExactly("pending plumb/home", "failed plumb/home");

    wm.verify(2, postRequestedFor(urlEqualTo("/gt/api/v1/repos/acme/fleet/statuses/" + REV))
        .withHeader("Authorization", equalTo("token tok-123")));
    assertThat(bodies("/gt/api/v1/repos/acme/fleet/statuses/" + REV2)).extracting(b -> b.get("state").asText())
        .containsExactly("pending", "failure");
    assertThat(wm.findAll(postRequestedFor(urlPathMatching("/g./.*")))).hasSize(12); // no status for a wave pass
  }

  @Test
  void aServerErrorIsRetriedWithBackoffAndAnAuthErrorIsNot() throws Exception {
    wm.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    wm.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs("up")
        .willReturn(aResponse().withStatus(200)));
    wm.stubFor(post(urlEqualTo("/denied")).willReturn(aResponse().withStatus(401)));
    Dispatcher d = dispatcher(FAST);
    RolloutEvent e = new RolloutEvent(RolloutEvent.Kind.STARTED, "home", REV, "", "started", AT);
    d.submit(new WebhookTarget("flaky", Sensitive.of(url("/flaky")), Optional.empty()), e);
    d.submit(new WebhookTarget("denied", Sensitive.of(url("/denied")), Optional.empty()), e);
    assertThat(d.drain(Duration.ofSeconds(20))).isTrue();
    d.close();
    wm.verify(2, postRequestedFor(urlEqualTo("/flaky")));
    wm.verify(1, postRequestedFor(urlEqualTo("/denied")));
    assertThat(count("sent")).isEqualTo(1);
    assertThat(count("failed")).isEqualTo(1);
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsItInsteadOfBlocking() throws Exception {
    wm.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(300)));
    Dispatcher d = dispatcher(new Dispatcher.Settings(1, 1, Duration.ofMillis(10), Duration.ofMillis(10)));
    WebhookTarget slow = new WebhookTarget("slow", Sensitive.of(url("/slow")), Optional.empty());
    for (int i = 0; i < 5; i++) {
      d.submit(slow, new RolloutEvent(RolloutEvent.Kind.WAVE_PASSED, "home", REV, "wave " + i, "passed", AT));
    }
    assertThat(d.drain(Duration.ofSeconds(20))).isTrue();
    d.close();
    assertThat(count("dropped")).isBetween(3, 4);
    assertThat(count("sent") + count("dropped")).isEqualTo(5);
    List<LoggedRequest> got = wm.findAll(postRequestedFor(urlEqualTo("/slow")));
    // the newest event always survives: drop-oldest
    assertThat(Json.MAPPER.readTree(got.get(got.size() - 1).getBody()).get("metadata").get("wave").asText())
        .isEqualTo("wave 4");
  }

  @Test
  void withoutTargetsTheListenerIsTheNextOneUnchanged() {
    RolloutListener next = new RolloutListener() {};
    assertThat(Notifications.off().listener("home", REV, next)).isSameAs(next);
    assertThat(InstantSource.system()).isNotNull();
  }
}
