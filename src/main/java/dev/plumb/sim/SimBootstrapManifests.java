package dev.plumb.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.plumb.talos.api.cosi.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The bootstrap manifests a Talos control plane renders, as resources {@code Manifests.kubernetes.talos.dev}
 * in namespace {@code controlplane} (siderolabs/talos internal/app/machined/pkg/controllers/k8s/manifest.go,
 * objects from its k8stemplates): {@code 05-flannel} when the CNI is Talos's flannel,
 * {@code 10-kube-proxy} unless {@code cluster.proxy.disabled}, {@code 11-core-dns} and
 * {@code 11-core-dns-svc} unless {@code cluster.coreDNS.disabled}, and {@code 11-kube-config-in-cluster}.
 * The objects carry the fields that matter to an upgrade (names, labels, images) and a trimmed
 * pod spec. Not served: the kubelet bootstrap token Secret, the CSR and Talos RBAC bindings.
 *
 * <p>Spec encodings as Talos's (pkg/machinery/resources/k8s/manifest.go): the YAML spec is the list
 * of objects; the proto spec is ManifestSpec {repeated SingleManifest items = 1}, SingleManifest
 * {google.protobuf.Struct object = 1}.
 */
final class SimBootstrapManifests {
  static final String TYPE = "Manifests.kubernetes.talos.dev";
  static final String FLANNEL_IMAGE = "ghcr.io/siderolabs/flannel:v0.27.4";

  private SimBootstrapManifests() {}

  /** The node's Manifest resources: none on a worker or a node without a config. */
  static List<Resource> of(SimulatedNode n) {
    if (!n.controlPlane()) {
      return List.of();
    }
    SimKubeConfig k = SimKubeConfig.of(n.activeConfig().orElseThrow(), n.fleet().kubernetesDefault());
    List<Resource> out = new ArrayList<>();
    for (Map.Entry<String, String> e : objects(k).entrySet()) {
      out.add(resource(e.getKey(), parse(e.getValue())));
    }
    return out;
  }

  /** Manifest id -> its objects as a multi-document YAML, in id order (COSI lists by id). */
  static Map<String, String> objects(SimKubeConfig k) {
    Map<String, String> m = new TreeMap<>();
    if ("flannel".equals(k.cni())) {
      m.put("05-flannel", """
          apiVersion: v1
          kind: ServiceAccount
          metadata: {name: flannel, namespace: kube-system}
          ---
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: kube-flannel
            namespace: kube-system
            labels: {k8s-app: flannel, tier: node}
          spec:
            selector: {matchLabels: {k8s-app: flannel, tier: node}}
            template:
              metadata: {labels: {k8s-app: flannel, tier: node}}
              spec:
                hostNetwork: true
                priorityClassName: system-node-critical
                serviceAccountName: flannel
                containers:
                - {name: kube-flannel, image: "%s", command: [/opt/bin/flanneld], args: [--ip-masq, --kube-subnet-mgr]}
                tolerations:
                - {effect: NoSchedule, operator: Exists}
                - {effect: NoExecute, operator: Exists}
          """.formatted(FLANNEL_IMAGE));
    }
    if (!k.proxyDisabled()) {
      m.put("10-kube-proxy", """
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: kube-proxy
            namespace: kube-system
            labels: {k8s-app: kube-proxy, tier: node}
          spec:
            selector: {matchLabels: {k8s-app: kube-proxy, tier: node}}
            updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
            template:
              metadata: {labels: {k8s-app: kube-proxy, tier: node}}
              spec:
                hostNetwork: true
                priorityClassName: system-cluster-critical
                serviceAccountName: kube-proxy
                containers:
                - {name: kube-proxy, image: "%s", command: [/usr/local/bin/kube-proxy, --proxy-mode=iptables]}
                tolerations:
                - {effect: NoSchedule, operator: Exists}
                - {effect: NoExecute, operator: Exists}
          ---
          apiVersion: v1
          kind: ServiceAccount
          metadata: {name: kube-proxy, namespace: kube-system}
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: kube-proxy}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:node-proxier"}
          subjects:
          - {kind: ServiceAccount, name: kube-proxy, namespace: kube-system}
          """.formatted(k.proxyImage()));
    }
    if (!k.coreDnsDisabled()) {
      m.put("11-core-dns", """
          apiVersion: v1
          kind: ServiceAccount
          metadata: {name: coredns, namespace: kube-system}
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: coredns, namespace: kube-system}
          data:
            Corefile: |
              .:53 {
                  errors
                  health
                  ready
                  kubernetes cluster.local in-addr.arpa ip6.arpa
                  forward . /etc/resolv.conf
                  cache 30
              }
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: coredns
            namespace: kube-system
            labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
          spec:
            replicas: 2
            selector: {matchLabels: {k8s-app: kube-dns}}
            strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
            template:
              metadata: {labels: {k8s-app: kube-dns}}
              spec:
                priorityClassName: system-cluster-critical
                serviceAccountName: coredns
                dnsPolicy: Default
                containers:
                - {name: coredns, image: "%s", args: [-conf, /etc/coredns/Corefile]}
          """.formatted(k.coreDnsImage()));
      m.put("11-core-dns-svc", """
          apiVersion: v1
          kind: Service
          metadata:
            name: kube-dns
            namespace: kube-system
            labels: {k8s-app: kube-dns, kubernetes.io/cluster-service: "true", kubernetes.io/name: CoreDNS}
          spec:
            clusterIP: 10.96.0.10
            selector: {k8s-app: kube-dns}
            ports:
            - {name: dns, port: 53, protocol: UDP, targetPort: 53}
            - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
          """);
    }
    m.put("11-kube-config-in-cluster", """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kubeconfig-in-cluster, namespace: kube-system}
        data:
          kubeconfig: |
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster: {server: "https://localhost:6443", certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}
            users:
            - name: service-account
              user: {tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token}
            contexts:
            - name: local
              context: {cluster: local, user: service-account}
            current-context: local
        """);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> parse(String yaml) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      out.add((Map<String, Object>) doc);
    }
    return out;
  }

  /** Maps with sorted keys, as Go's YAML encoder writes a map[string]any. */
  @SuppressWarnings("unchecked")
  private static Object sorted(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> t = new TreeMap<>();
      m.forEach((key, v) -> t.put(String.valueOf(key), sorted(v)));
      return t;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(SimBootstrapManifests::sorted).toList();
    }
    return o;
  }

  /** A Manifest resource holding these objects, keys sorted as Talos's Go encoder writes them. */
  @SuppressWarnings("unchecked")
  static Resource resource(String id, List<Map<String, Object>> objects) {
    List<Map<String, Object>> items = objects.stream().map(o -> (Map<String, Object>) sorted(o)).toList();
    Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
    return SimResources.resource("controlplane", TYPE, id, proto(items), dump.dumpToString(items));
  }

  private static ByteString proto(List<Map<String, Object>> items) {
    try {
      ByteArrayOutputStream spec = new ByteArrayOutputStream();
      CodedOutputStream specOut = CodedOutputStream.newInstance(spec);
      for (Map<String, Object> item : items) {
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        CodedOutputStream singleOut = CodedOutputStream.newInstance(single);
        singleOut.writeMessage(1, struct(item));
        singleOut.flush();
        specOut.writeByteArray(1, single.toByteArray());
      }
      specOut.flush();
      return ByteString.copyFrom(spec.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a manifest", e);
    }
  }

  private static Struct struct(Map<?, ?> m) {
    Struct.Builder b = Struct.newBuilder();
    m.forEach((k, v) -> b.putFields(String.valueOf(k), value(v)));
    return b.build();
  }

  private static Value value(Object v) {
    if (v == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (v instanceof Map<?, ?> m) {
      return Value.newBuilder().setStructValue(struct(m)).build();
    }
    if (v instanceof List<?> l) {
      ListValue.Builder lb = ListValue.newBuilder();
      l.forEach(x -> lb.addValues(value(x)));
      return Value.newBuilder().setListValue(lb).build();
    }
    if (v instanceof Number n) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (v instanceof Boolean bool) {
      return Value.newBuilder().setBoolValue(bool).build();
    }
    return Value.newBuilder().setStringValue(String.valueOf(v)).build();
  }
}
