package dev.plumb.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.render.sops.Sensitive;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Webhook deliveries from ../shared/corpus/webhooks (real payloads), signed as each forge signs them. */
class WebhookReceiverTest {
  static final Path CORPUS = Path.of("../shared/corpus/webhooks");
  static final byte[] SECRET = "s3cr3t-for-tests".getBytes(StandardCharsets.UTF_8);
  static final Map<Provider, Sensitive<byte[]>> ALL = Map.of(Provider.GITHUB, Sensitive.of(SECRET), Provider.GITLAB,
      Sensitive.of(SECRET), Provider.GITEA, Sensitive.of(SECRET), Provider.FORGEJO, Sensitive.of(SECRET),
      Provider.BITBUCKET, Sensitive.of(SECRET), Provider.GENERIC, Sensitive.of(SECRET));

  final List<PushEvent> triggered = new ArrayList<>();

  WebhookReceiver receiver(String repo, String branch) {
    return new WebhookReceiver(repo, branch, ALL, new DeliveryIds(100), triggered::add);
  }

  static String hmac(byte[] body) {
    return HexFormat.of().formatHex(Signatures.hmacSha256(SECRET, body));
  }

  /** The headers each forge sends with a push, signed over {@code body} with the test secret. */
  static Map<String, String> headers(String provider, String event, byte[] body, String delivery) {
    return switch (provider) {
      case "github" -> Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery,
          "X-Hub-Signature-256", "sha256=" + hmac(body));
      case "gitlab" -> Map.of("X-Gitlab-Event", event, "X-Gitlab-Event-UUID", delivery, "X-Gitlab-Token",
          new String(SECRET, StandardCharsets.UTF_8));
      case "gitea" -> Map.of("X-Gitea-Event", event, "X-Gitea-Delivery", delivery, "X-Gitea-Signature", hmac(body),
          "X-GitHub-Event", event, "X-Hub-Signature-256", "sha256=" + hmac(body));
      case "forgejo" -> Map.of("X-Forgejo-Event", event, "X-Forgejo-Delivery", delivery, "X-Forgejo-Signature",
          hmac(body), "X-Gitea-Event", event, "X-GitHub-Event", event);
      case "bitbucket" -> Map.of("X-Event-Key", event, "X-Request-UUID", delivery, "X-Hub-Signature", "sha256=" + hmac(body));
      default -> throw new IllegalArgumentException(provider);
    };
  }

  record Delivery(String file, String provider, String event, JsonNode expected, byte[] body) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Delivery> corpus() throws Exception {
    JsonNode index = new ObjectMapper().readTree(CORPUS.resolve("index.json").toFile());
    List<Delivery> out = new ArrayList<>();
    for (JsonNode e : index.get("team")) {
      byte[] body = Files.readAllBytes(CORPUS.resolve(e.get("file").asText()));
      JsonNode parsed = new ObjectMapper().readTree(body);
      if (parsed.has("request_data")) { // GitLab's recorded delivery: the body is request_data
        body = new ObjectMapper().writeValueAsBytes(parsed.get("request_data"));
      }
      out.add(new Delivery(e.get("file").asText(), e.get("provider").asText(), e.get("event_header").asText(),
          e.get("expected"), body));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void everyCorpusPushTriggersForItsRepositoryAndBranchOnly(Delivery d) {
    JsonNode x = d.expected();
    if (x.has("ping")) {
      WebhookReceiver.Reply r = receiver("https://github.com/" + x.get("repo").asText(), "main")
          .receive(headers(d.provider(), d.event(), d.body(), "id-1"), "application/json", d.body());
      assertThat(r.status()).isEqualTo(200);
      assertThat(triggered).isEmpty();
      return;
    }
    String repo = x.has("clone_ssh") ? x.get("clone_ssh").asText() : x.get("html").asText();
    String ref = x.has("ref") ? x.get("ref").asText() : "refs/heads/" + x.get("changes").get(0).get("new_name").asText();
    String after = x.has("after") ? x.get("after").asText() : x.get("changes").get(0).get("new_hash").asText();
    String branch = ref.startsWith("refs/heads/") ? ref.substring(11) : "main";
    WebhookReceiver.Reply r = receiver(repo, branch).receive(headers(d.provider(), d.event(), d.body(), "id-1"),
        "application/json", d.body());
    assertThat(r.status()).as(r.message()).isEqualTo(202);
    if (ref.startsWith("refs/tags/")) {
      assertThat(r.triggered()).as("a tag push never triggers: " + r.message()).isFalse();
      return;
    }
    assertThat(r.triggered()).as(r.message()).isTrue();
    assertThat(triggered).singleElement().satisfies(e -> {
      assertThat(e.ref()).isEqualTo(ref);
      assertThat(e.after()).isEqualTo(after);
      assertThat(e.provider().id()).isEqualTo(d.provider());
    });
    // the same delivery again: nothing new; another branch or repository: ignored
    assertThat(receiver(repo, branch).receive(headers(d.provider(), d.event(), d.body(), "id-2"), "application/json",
        d.body()).triggered()).isTrue();
    WebhookReceiver once = receiver(repo, branch);
    once.receive(headers(d.provider(), d.event(), d.body(), "id-3"), "application/json", d.body());
    assertThat(once.receive(headers(d.provider(), d.event(), d.body(), "id-3"), "application/json", d.body())
        .message()).contains("already received");
    assertThat(receiver(repo, "other").receive(headers(d.provider(), d.event(), d.body(), "id-4"), "application/json",
        d.body()).triggered()).isFalse();
    assertThat(receiver("https://example.org/someone/else.git", branch).receive(
        headers(d.provider(), d.event(), d.body(), "id-5"), "application/json", d.body()).message())
        .contains("another repository");
  }

  @Test
  void githubsKnownSignatureVectorsVerifyAndTheWrongOneIsRefusedBeforeParsing() throws Exception {
    byte[] body = Files.readAllBytes(CORPUS.resolve("github/go-scm__push.json"));
    Map<Provider, Sensitive<byte[]>> secrets = Map.of(Provider.GITHUB, Sensitive.of("topsecret".getBytes(StandardCharsets.UTF_8)));
    WebhookReceiver r = new WebhookReceiver("git@github.com:Codertocat/Hello-World.git", "master", secrets,
        new DeliveryIds(10), triggered::add);
    assertThat(r.receive(Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "ee8d97b4", "X-Hub-Signature-256",
        "sha256=e3bfe744d4e2e29ed990bde8acfb8255ca51ef65f99657767989fb6349f32957"), "application/json", body).triggered())
        .isTrue();
    WebhookReceiver.Reply bad = r.receive(Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "x2",
        "X-Hub-Signature-256", "sha256=3bfbbc3bfc44498db2254f577b2e4bed201ece6163518ba91cb2c21f0f59d512"),
        "application/json", body);
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.message()).isEqualTo("github: X-Hub-Signature-256 does not match the body").doesNotContain("topsecret");
    // a broken body with a wrong signature is refused as unauthentic, not as bad JSON
    assertThat(r.receive(Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=00"), "application/json",
        "{not json".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(401);
    assertThat(r.receive(Map.of("X-GitHub-Event", "push"), "application/json", body).message())
        .isEqualTo("github: no X-Hub-Signature-256 header, and a secret is configured");
    assertThat(triggered).hasSize(1);
  }

  @Test
  void formEncodedBodiesAreCheckedAsEachForgeSignsThem() throws Exception {
    byte[] json = Files.readAllBytes(CORPUS.resolve("github/woodpecker__HookPush.json"));
    byte[] form = ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.US_ASCII);
    // GitHub: the HMAC covers the raw form body
    assertThat(receiver("https://github.com/woodpecker-ci/woodpecker", "main").receive(
        headers("github", "push", form, "f1"), "application/x-www-form-urlencoded", form).triggered()).isTrue();
    // Gitea: the HMAC covers the JSON text inside the form
    byte[] gitea = Files.readAllBytes(CORPUS.resolve("gitea/woodpecker__HookPushMulti.json"));
    byte[] giteaForm = ("payload=" + URLEncoder.encode(new String(gitea, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(receiver("http://127.0.0.1:3000/Test-CI/multi-line-secrets", "main").receive(
        headers("gitea", "push", gitea, "f2"), "application/x-www-form-urlencoded", giteaForm).triggered()).isTrue();
  }

  @Test
  void deletionsTestDeliveriesAndUnconfiguredProvidersDoNotTrigger() {
    String zero = "0".repeat(40);
    String deleted = "{\"ref\":\"refs/heads/main\",\"before\":\"" + "a".repeat(40) + "\",\"after\":\"" + zero
        + "\",\"deleted\":true,\"repository\":{\"clone_url\":\"https://github.com/o/r.git\"}}";
    byte[] b = deleted.getBytes(StandardCharsets.UTF_8);
    assertThat(receiver("https://github.com/o/r", "main").receive(headers("github", "push", b, "d1"), "application/json", b)
        .message()).contains("was deleted");
    String test = "{\"ref\":\"refs/heads/main\",\"before\":\"" + zero + "\",\"after\":\"" + zero
        + "\",\"repository\":{\"clone_url\":\"https://git.example.org/o/r.git\"}}";
    byte[] t = test.getBytes(StandardCharsets.UTF_8);
    assertThat(receiver("https://git.example.org/o/r", "main").receive(headers("gitea", "push", t, "d2"),
        "application/json", t).triggered()).isFalse();
    WebhookReceiver onlyGithub = new WebhookReceiver("https://github.com/o/r", "main",
        Map.of(Provider.GITHUB, Sensitive.of(SECRET)), new DeliveryIds(10), triggered::add);
    assertThat(onlyGithub.receive(headers("gitlab", "Push Hook", b, "d3"), "application/json", b).status()).isEqualTo(403);
    assertThat(onlyGithub.receive(Map.of("Content-Type", "application/json"), "application/json", b).status()).isEqualTo(400);
    assertThat(triggered).isEmpty();
  }

  @Test
  void gitlabTokensAreComparedAndNeverEchoed() throws Exception {
    byte[] body = Files.readAllBytes(CORPUS.resolve("gitlab/go-scm__push.json"));
    WebhookReceiver.Reply r = receiver("https://gitlab.com/gitlab-org/hello-world", "master").receive(
        Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "guess"), "application/json", body);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.message()).doesNotContain("guess", "s3cr3t");
  }

  @Test
  void repositoryAddressesMatchAcrossTheirForms() {
    assertThat(RepoUrls.same("git@github.com:Codertocat/Hello-World.git", "https://github.com/codertocat/hello-world")).isTrue();
    assertThat(RepoUrls.same("ssh://git@gitlab.example.com:2222/g1/g2/g3/repo.git", "https://gitlab.example.com/g1/g2/g3/repo"))
        .isTrue();
    assertThat(RepoUrls.same("https://gitlab.example.com/g1/g2/repo", "https://gitlab.example.com/g1/repo")).isFalse();
    assertThat(RepoUrls.same("https://github.com/o/r", "https://github.com/o/r2")).isFalse();
    assertThat(RepoUrls.same("file:///srv/git/fleet.git", "/srv/git/fleet")).isTrue();
  }
}
