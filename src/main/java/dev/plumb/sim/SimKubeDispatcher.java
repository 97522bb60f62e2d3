package dev.plumb.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher with what the simulated cluster needs on top:
 * <ul>
 *   <li>server-side apply ({@code application/apply-patch+yaml}), which CRUD mode refuses: a missing
 *       object is created, an existing one gets the applied fields merged in (JSON merge patch).
 *       Field ownership (managedFields, conflicts between managers) is not modelled;
 *   <li>what controllers would write at once: a new CRD is Established, a new Namespace Active;
 *   <li>the pod field selector {@code spec.nodeName} (CRUD mode matches only name and namespace);
 *   <li>a Secret's stringData folded into data (base64), as the API server stores it;
 *   <li>the eviction subresource, honouring PodDisruptionBudgets ({@link SimKubeEviction});
 *   <li>{@code /version}, answering the version the simulated apiserver runs.
 * </ul>
 */
final class SimKubeDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVICTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(\\?.*)?$");
  private static final Pattern PODS_ON_NODE =
      Pattern.compile("^/api/v1/pods\\?.*fieldSelector=spec\\.nodeName(?:%3D|=)([^&]+).*$");
  private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.\\d+)?.*$");
  private final SimKubeEviction eviction = new SimKubeEviction(this);
  private final Supplier<String> gitVersion;

  /** {@code gitVersion}: what {@code /version} answers, read at each request. */
  SimKubeDispatcher(Supplier<String> gitVersion) {
    this.gitVersion = gitVersion;
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    Matcher m = EVICTION.matcher(request.getPath());
    if (m.matches()) {
      return eviction.evict(m.group(1), m.group(2));
    }
    return super.handleCreate(foldStringData(withControllerStatus(request, request.getPath())));
  }

  @Override
  public MockResponse handleGet(String path) {
    if (path.equals("/version") || path.startsWith("/version?")) {
      return version();
    }
    Matcher m = PODS_ON_NODE.matcher(path);
    if (!m.matches() || path.contains("watch=true")) {
      return super.handleGet(path);
    }
    String node = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    List<Map<String, Object>> items = stored().stream().filter(o -> "Pod".equals(o.get("kind")))
        .filter(o -> node.equals(SimKubeEviction.map(o.get("spec")).get("nodeName"))).toList();
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", "v1");
    list.put("kind", "PodList");
    list.put("metadata", Map.of("resourceVersion", "1"));
    list.put("items", items);
    try {
      return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(list));
    } catch (JsonProcessingException e) {
      return new MockResponse().setResponseCode(500);
    }
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (type == null || !type.contains("apply-patch")) {
      return super.handlePatch(request);
    }
    String path = request.getPath();
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (findResource(getKey(bare)) == null) {
      String collection = bare.substring(0, bare.lastIndexOf('/'));
      RecordedRequest create = new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection,
          Headers.builder().add("Content-Type", "application/json").build(), new Buffer(request.getBody().getBytes()));
      MockResponse created = handleCreate(create);
      return created.code() == 201 ? created.setResponseCode(200) : created;
    }
    // CRUD mode's merge patch concatenates lists; apply replaces the fields it sets (RFC 7386 shape)
    try {
      Map<String, Object> current = JSON.readValue(findResource(getKey(bare)).getValue(), Map.class);
      Map<String, Object> applied = JSON.readValue(foldStringData(request).getBody().getBytes(), Map.class);
      Map<String, Object> merged = mergeApplied(current, applied);
      RecordedRequest put = new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, bare,
          Headers.builder().add("Content-Type", "application/json").build(), new Buffer(JSON.writeValueAsBytes(merged)));
      return super.handleUpdate(put);
    } catch (java.io.IOException e) {
      return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"message\":\"apply body is not JSON\"}");
    }
  }

  /** The apiserver's version.Info (k8s.io/apimachinery/pkg/version): major, minor, gitVersion. */
  private MockResponse version() {
    String v = gitVersion.get();
    Matcher m = VERSION.matcher(v);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("major", m.matches() ? m.group(1) : "");
    info.put("minor", m.matches() ? m.group(2) : "");
    info.put("gitVersion", v);
    info.put("gitCommit", "");
    info.put("gitTreeState", "clean");
    info.put("buildDate", "2026-01-01T00:00:00Z");
    info.put("goVersion", "go1.24.0");
    info.put("compiler", "gc");
    info.put("platform", "linux/amd64");
    try {
      return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(info));
    } catch (JsonProcessingException e) {
      return new MockResponse().setResponseCode(500);
    }
  }

  /** The applied fields over the current object: maps merge, anything else is replaced, status stays. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> mergeApplied(Map<String, Object> current, Map<String, Object> applied) {
    Map<String, Object> out = new LinkedHashMap<>(current);
    applied.forEach((k, v) -> {
      if (v instanceof Map<?, ?> vm && out.get(k) instanceof Map<?, ?> cm) {
        out.put(k, mergeApplied((Map<String, Object>) cm, (Map<String, Object>) vm));
      } else if (v == null) {
        out.remove(k);
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Deletes through the CRUD store (used by eviction). */
  MockResponse deletePath(String path) {
    return handleDelete(path);
  }

  /** Every stored object, parsed. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> stored() {
    return getMap().values().stream().map(v -> {
      try {
        return (Map<String, Object>) JSON.readValue(v, Map.class);
      } catch (JsonProcessingException e) {
        return Map.<String, Object>of();
      }
    }).toList();
  }

  @SuppressWarnings("unchecked")
  private static RecordedRequest foldStringData(RecordedRequest request) {
    if (!request.getPath().matches("^/api/v1/namespaces/[^/]+/secrets(/[^/?]+)?(\\?.*)?$")) {
      return request;
    }
    try {
      Map<String, Object> body = JSON.readValue(request.getBody().getBytes(), Map.class);
      if (!(body.remove("stringData") instanceof Map<?, ?> sd)) {
        return request;
      }
      Map<String, Object> data = body.get("data") instanceof Map<?, ?> d ? new LinkedHashMap<>((Map<String, Object>) d)
          : new LinkedHashMap<>();
      sd.forEach((k, v) -> data.put(String.valueOf(k),
          java.util.Base64.getEncoder().encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
      body.put("data", data);
      return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
          new Buffer(JSON.writeValueAsBytes(body)));
    } catch (java.io.IOException e) {
      return request;
    }
  }

  @SuppressWarnings("unchecked")
  private static RecordedRequest withControllerStatus(RecordedRequest request, String path) {
    boolean crd = path.startsWith("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    boolean ns = path.equals("/api/v1/namespaces") || path.startsWith("/api/v1/namespaces?");
    if (!crd && !ns) {
      return request;
    }
    try {
      Map<String, Object> body = JSON.readValue(request.getBody().getBytes(), Map.class);
      Map<String, Object> status = new LinkedHashMap<>();
      if (crd) {
        status.put("conditions", List.of(
            Map.of("type", "NamesAccepted", "status", "True", "reason", "NoConflicts"),
            Map.of("type", "Established", "status", "True", "reason", "InitialNamesAccepted")));
      } else {
        status.put("phase", "Active");
      }
      body.put("status", status);
      return new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(),
          new Buffer(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      return request;
    }
  }
}
