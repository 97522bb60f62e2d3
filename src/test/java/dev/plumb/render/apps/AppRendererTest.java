package dev.plumb.render.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.KubeObject;
import dev.plumb.render.MemoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.sops.AgeIdentity;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.sops.SopsEncryptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppRendererTest {
  static final Path KEY = Path.of("clusters/demo/age-key.demo-only.txt");
  static final SopsDecryptor SOPS = new SopsDecryptor(AgeKeys.fromFile(KEY));

  static final String DEPLOY = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 1
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: web
                image: nginx:1.25
                envFrom:
                  - configMapRef: {name: settings}
              - name: sidecar
                image: busybox:1.36
            volumes:
              - name: conf
                configMap: {name: settings}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data: {a: "1"}
      ---
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
      """;

  @Test
  void theRepositorysHelloAppRendersItsTwoObjects() {
    ManifestSet set = AppRenderer.render(new DirectoryTree(Path.of(".")), List.of("hello"), "clusters/demo/plumb.yaml",
        SOPS);
    assertThat(set.keys()).containsExactly(new ResourceKey("apps", "Deployment", "hello", "hello"),
        new ResourceKey("", "Namespace", "", "hello"));
  }

  @Test
  void aKustomizationIsBuilt() {
    MemoryTree tree = new MemoryTree().put("apps/shop/base.yaml", DEPLOY).put("apps/shop/kustomization.yaml", """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: shop
        namePrefix: prod-
        commonLabels:
          team: shop
        images:
          - name: nginx
            newTag: "1.27"
        resources:
          - base.yaml
        patches:
          - patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: web
              spec:
                replicas: 3
                template:
                  spec:
                    containers:
                      - name: web
                        resources: {limits: {memory: 256Mi}}
          - target: {kind: ConfigMap, name: settings}
            patch: |-
              - op: add
                path: /data/b
                value: "2"
        """);
    ManifestSet set = AppRenderer.render(tree, List.of("shop"), "plumb.yaml", SOPS);
    Map<String, Object> deploy = body(set, "Deployment");
    assertThat(set.keys()).contains(new ResourceKey("apps", "Deployment", "shop", "prod-web"),
        new ResourceKey("", "ConfigMap", "shop", "prod-settings"), new ResourceKey("", "Namespace", "", "shop"));
    assertThat(at(deploy, "spec", "replicas")).isEqualTo(3L);
    List<?> containers = (List<?>) at(deploy, "spec", "template", "spec", "containers");
    assertThat(containers).hasSize(2);
    Map<?, ?> web = (Map<?, ?>) containers.get(0);
    assertThat(web.get("image")).isEqualTo("nginx:1.27");
    assertThat(web.get("resources")).isEqualTo(Map.of("limits", Map.of("memory", "256Mi")));
    assertThat(((Map<?, ?>) containers.get(1)).get("image")).isEqualTo("busybox:1.36");
    assertThat(web.get("envFrom").toString()).contains("prod-settings");
    assertThat(at(deploy, "spec", "template", "spec", "volumes").toString()).contains("prod-settings");
    assertThat(at(deploy, "spec", "selector", "matchLabels")).isEqualTo(Map.of("app", "web", "team", "shop"));
    assertThat(at(deploy, "spec", "template", "metadata", "labels")).isEqualTo(Map.of("app", "web", "team", "shop"));
    assertThat(at(body(set, "ConfigMap"), "data")).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(at(body(set, "Namespace"), "metadata")).isEqualTo(Map.of("name", "shop", "labels",
        Map.of("team", "shop")));
  }

  @Test
  void anUnsupportedKustomizationFieldIsRefusedByNameAndLine() {
    MemoryTree tree = new MemoryTree().put("apps/shop/base.yaml", DEPLOY).put("apps/shop/kustomization.yaml", """
        resources: [base.yaml]
        configMapGenerator:
          - name: x
        """);
    assertThatThrownBy(() -> AppRenderer.render(tree, List.of("shop"), "plumb.yaml", SOPS))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("apps/shop/kustomization.yaml:2:1: configMapGenerator: kustomization field "
            + "'configMapGenerator' is not supported");
  }

  @Test
  void aPatchThatMatchesNothingAndARemoteResourceAreErrors() {
    MemoryTree tree = new MemoryTree().put("apps/shop/base.yaml", DEPLOY).put("apps/shop/kustomization.yaml", """
        resources:
          - base.yaml
          - https://github.com/example/repo//deploy?ref=v1
        patches:
          - target: {kind: Deployment, name: nope}
            patch: '[{"op": "remove", "path": "/spec/replicas"}]'
        """);
    assertThatThrownBy(() -> AppRenderer.render(tree, List.of("shop"), "plumb.yaml", SOPS))
        .isInstanceOfSatisfying(RenderException.class, e -> assertThat(e.problems()).map(Object::toString)
            .anyMatch(p -> p.startsWith("apps/shop/kustomization.yaml:3:1: resources: remote resource"))
            .anyMatch(p -> p.contains("patch matches no resource (kind Deployment, name nope)")));
  }

  @Test
  void aSopsEncryptedSecretIsDecryptedAndMaskedWhenPrinted() throws Exception {
    String recipient = AgeIdentity.parseAll(Files.readString(KEY), "demo").get(0).recipient();
    String enc = new SopsEncryptor(List.of(recipient)).encryptYaml(Map.of("apiVersion", "v1", "kind", "Secret",
        "metadata", Map.of("name", "db", "namespace", "shop"), "stringData", Map.of("password", "s3cret-value")),
        Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(enc).doesNotContain("s3cret-value");
    MemoryTree tree = new MemoryTree().put("apps/db/secret.sops.yaml", enc);
    ManifestSet set = AppRenderer.render(tree, List.of("db"), "plumb.yaml", SOPS);
    KubeObject secret = set.objects().get(0);
    assertThat(at(secret.body().reveal(), "stringData", "password")).isEqualTo("s3cret-value");
    assertThat(set.toString() + secret).doesNotContain("s3cret-value");
    assertThat(SecretMask.mask(secret.body().reveal()).toString()).doesNotContain("s3cret-value")
        .contains("password=" + SecretMask.MASK);
  }

  private static Map<String, Object> body(ManifestSet set, String kind) {
    return set.objects().stream().filter(o -> o.key().kind().equals(kind)).findFirst().orElseThrow().body().reveal();
  }

  private static Object at(Map<String, Object> m, String... path) {
    Object cur = m;
    for (String p : path) {
      cur = ((Map<?, ?>) cur).get(p);
    }
    return cur;
  }
}
