package dev.plumb.sim;

import dev.plumb.talos.Pem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * What a simulated node reads from a machine config: the documents, the v1alpha1 document, and
 * the few fields its behaviour depends on (type, OS CA, hostname, cluster, installer image).
 */
public final class MachineConfigView {
  private final byte[] raw;
  private final List<Map<String, Object>> documents;
  private final Map<String, Object> v1alpha1;

  private MachineConfigView(byte[] raw, List<Map<String, Object>> docs, Map<String, Object> v1) {
    this.raw = raw.clone();
    this.documents = docs;
    this.v1alpha1 = v1;
  }

  /** Parses a multi-document config; the error text is what the node answers with. */
  @SuppressWarnings("unchecked")
  public static MachineConfigView parse(byte[] data) {
    List<Map<String, Object>> docs = new ArrayList<>();
    Map<String, Object> v1 = null;
    try {
      LoadSettings settings =
          LoadSettings.builder().setMaxAliasesForCollections(50).setCodePointLimit(8 << 20).build();
      for (Object doc : new Load(settings).loadAllFromString(new String(data, StandardCharsets.UTF_8))) {
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map)) {
          throw new IllegalArgumentException("failed to decode config: a document is not a mapping");
        }
        Map<String, Object> m = (Map<String, Object>) doc;
        if ("v1alpha1".equals(m.get("version")) && !m.containsKey("kind")) {
          if (v1 != null) {
            throw new IllegalArgumentException("duplicate v1alpha1 document");
          }
          v1 = m;
        } else if (!m.containsKey("kind") || !m.containsKey("apiVersion")) {
          throw new IllegalArgumentException("failed to decode config: missing kind");
        }
        docs.add(m);
      }
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException("failed to parse config: " + e.getMessage(), e);
    }
    if (docs.isEmpty()) {
      throw new IllegalArgumentException("failed to decode config: the config is empty");
    }
    return new MachineConfigView(data, docs, v1);
  }

  public byte[] raw() {
    return raw.clone();
  }

  public boolean hasV1alpha1() {
    return v1alpha1 != null;
  }

  public Map<String, Object> v1alpha1() {
    return v1alpha1 == null ? Map.of() : v1alpha1;
  }

  public List<Map<String, Object>> documents() {
    return documents;
  }

  /** {@code controlplane}, {@code worker} or {@code init}. */
  public String machineType() {
    return str(path("machine", "type")).orElse("");
  }

  public boolean controlPlane() {
    String t = machineType();
    return t.equals("controlplane") || t.equals("init");
  }

  public Optional<String> caCertPem() {
    return str(path("machine", "ca", "crt")).map(MachineConfigView::b64);
  }

  public Optional<String> caKeyPem() {
    return str(path("machine", "ca", "key")).filter(s -> !s.isBlank()).map(MachineConfigView::b64);
  }

  /** machine.acceptedCAs: further CAs whose client certificates apid accepts (PEM each). */
  public List<String> acceptedCaPems() {
    List<String> out = new ArrayList<>();
    if (path("machine", "acceptedCAs") instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && m.get("crt") != null && !String.valueOf(m.get("crt")).isBlank()) {
          out.add(b64(String.valueOf(m.get("crt"))));
        }
      }
    }
    return out;
  }

  /** machine.token: what a worker presents to trustd. */
  public String machineToken() {
    return str(path("machine", "token")).orElse("");
  }

  /** cluster.controlPlane.endpoint. */
  public Optional<String> controlPlaneEndpoint() {
    return str(path("cluster", "controlPlane", "endpoint"));
  }

  public String clusterName() {
    return str(path("cluster", "clusterName")).orElse("");
  }

  public Optional<String> installImage() {
    return str(path("machine", "install", "image"));
  }

  /** The hostname from a HostnameConfig document, else machine.network.hostname. */
  public Optional<String> hostname() {
    for (Map<String, Object> d : documents) {
      if ("HostnameConfig".equals(d.get("kind")) && d.get("hostname") != null) {
        return Optional.of(String.valueOf(d.get("hostname")));
      }
    }
    return str(path("machine", "network", "hostname"));
  }

  @SuppressWarnings("unchecked")
  public List<String> certSans() {
    Object o = path("machine", "certSANs");
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }

  /** The config re-encoded as YAML (block style, no comments), as Talos prints it in a diff. */
  public String canonicalYaml() {
    Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < documents.size(); i++) {
      if (i > 0) {
        sb.append("---\n");
      }
      sb.append(dump.dumpToString(documents.get(i)));
    }
    return sb.toString();
  }

  /** The OS CA certificate, when the config has a valid one. */
  public Optional<java.security.cert.X509Certificate> caCert() {
    return caCertPem().map(p -> Pem.certificates(p, "machine.ca.crt").get(0));
  }

  @SuppressWarnings("unchecked")
  private Object path(String... keys) {
    Object cur = v1alpha1;
    for (String k : keys) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(k);
    }
    return cur;
  }

  private static Optional<String> str(Object o) {
    return o == null ? Optional.empty() : Optional.of(String.valueOf(o));
  }

  private static String b64(String s) {
    return new String(Base64.getMimeDecoder().decode(s.trim()), StandardCharsets.UTF_8);
  }
}
