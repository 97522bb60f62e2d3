package dev.plumb.render.validate;

import static dev.plumb.render.validate.Tree.at;
import static dev.plumb.render.validate.Tree.isTrue;
import static dev.plumb.render.validate.Tree.list;
import static dev.plumb.render.validate.Tree.map;
import static dev.plumb.render.validate.Tree.present;
import static dev.plumb.render.validate.Tree.str;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code cluster} section rules of v1alpha1.Config.Validate (siderolabs/talos
 * pkg/machinery/config/types/v1alpha1/v1alpha1_validation.go, ClusterConfig.Validate, ValidateCNI,
 * ExternalCloudProviderConfig/ClusterInlineManifests/ClusterDiscoveryConfig/EtcdConfig.Validate).
 */
final class ClusterRules {
  private static final Pattern DNS_NAME =
      Pattern.compile("^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$");

  private ClusterRules() {}

  static void check(Map<String, Object> doc, boolean controlPlane, List<Finding> out) {
    Object cluster = at(doc, "cluster");
    if (!(cluster instanceof Map)) {
      out.add(new Finding("v1alpha1", "cluster", "cluster instructions are required"));
      return;
    }
    endpoint(cluster, out);
    String domain = str(cluster, "network", "dnsDomain");
    if (!domain.isEmpty() && !validDnsName(domain)) {
      out.add(f("cluster.network.dnsDomain", "\"" + domain + "\" is not a valid DNS name"));
    }
    if (present(cluster, "externalCloudProvider")) {
      cloudProvider(map(cluster, "externalCloudProvider"), out);
    }
    if (controlPlane && present(cluster, "etcd")) {
      etcd(map(cluster, "etcd"), out);
    }
    inlineManifests(list(cluster, "inlineManifests"), out);
    discovery(cluster, out);
  }

  private static void endpoint(Object cluster, List<Finding> out) {
    if (!present(cluster, "controlPlane")) {
      return;
    }
    if (!present(cluster, "controlPlane", "endpoint")) {
      out.add(f("cluster.controlPlane.endpoint", "cluster controlplane endpoint is required"));
      return;
    }
    String err = Net.endpointError(str(cluster, "controlPlane", "endpoint"));
    if (!err.isEmpty()) {
      out.add(f("cluster.controlPlane.endpoint", "invalid controlplane endpoint: " + err));
    }
  }

  static boolean validDnsName(String name) {
    return !name.isEmpty() && name.length() - name.chars().filter(c -> c == '.').count() <= 255
        && DNS_NAME.matcher(name).matches();
  }

  private static void cloudProvider(Map<String, Object> ecp, List<Finding> out) {
    List<?> manifests = list(ecp, "manifests");
    if (!isTrue(ecp, "enabled") && !manifests.isEmpty()) {
      out.add(f("cluster.externalCloudProvider", "external cloud provider is disabled, but manifests are provided"));
      return;
    }
    for (int i = 0; i < manifests.size(); i++) {
      String u = String.valueOf(manifests.get(i));
      String err = Net.endpointError(u);
      if (!err.isEmpty()) {
        out.add(f("cluster.externalCloudProvider.manifests[" + i + "]",
            "invalid external cloud provider manifest url \"" + u + "\": " + err));
      }
    }
  }

  private static void etcd(Map<String, Object> etcd, List<Finding> out) {
    if (!present(etcd, "ca")) {
      out.add(f("cluster.etcd.ca", "key/cert combination should not be empty"));
    }
    if (!str(etcd, "subnet").isEmpty() && !list(etcd, "advertisedSubnets").isEmpty()) {
      out.add(f("cluster.etcd.subnet", "etcd subnet can't be set when advertised subnets are set"));
    }
    subnets(etcd, "advertisedSubnets", "etcd advertised subnet is not valid", out);
    subnets(etcd, "listenSubnets", "etcd listen subnet is not valid", out);
  }

  private static void subnets(Map<String, Object> etcd, String key, String msg, List<Finding> out) {
    List<?> l = list(etcd, key);
    for (int i = 0; i < l.size(); i++) {
      String c = String.valueOf(l.get(i)).replaceFirst("^!", "");
      if (!Net.isIpOrCidr(c)) {
        out.add(f("cluster.etcd." + key + "[" + i + "]", msg + ": \"" + c + "\""));
      }
    }
  }

  private static void inlineManifests(List<?> manifests, List<Finding> out) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < manifests.size(); i++) {
      String name = str(manifests.get(i), "name");
      if (name.isBlank()) {
        out.add(f("cluster.inlineManifests[" + i + "].name", "inline manifest name can't be empty"));
      }
      if (!names.add(name)) {
        out.add(f("cluster.inlineManifests[" + i + "].name", "inline manifest name \"" + name + "\" is duplicate"));
      }
    }
  }

  private static void discovery(Object cluster, List<Finding> out) {
    Map<String, Object> d = map(cluster, "discovery");
    // a nil or disabled discovery section is not checked; the service registry is on unless disabled
    if (!isTrue(d, "enabled") || isTrue(d, "registries", "service", "disabled")) {
      return;
    }
    String ep = str(d, "registries", "service", "endpoint");
    String url = ep.isEmpty() ? "https://discovery.talos.dev/" : ep;
    try {
      URI u = new URI(url);
      if (u.getScheme() == null || !u.isAbsolute()) {
        out.add(f("cluster.discovery.registries.service.endpoint",
            "cluster discovery service registry endpoint is invalid: parse \"" + url + "\": invalid URI for request"));
      } else if (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) {
        out.add(f("cluster.discovery.registries.service.endpoint", "cluster discovery service path should be empty"));
      }
    } catch (java.net.URISyntaxException e) {
      out.add(f("cluster.discovery.registries.service.endpoint",
          "cluster discovery service registry endpoint is invalid: " + e.getReason()));
    }
    if (str(cluster, "id").isEmpty()) {
      out.add(f("cluster.id", "cluster discovery service requires .cluster.id"));
    }
    if (str(cluster, "secret").isEmpty()) {
      out.add(f("cluster.secret", "cluster discovery service requires .cluster.secret"));
    }
  }

  private static Finding f(String field, String message) {
    return new Finding("v1alpha1", field, message);
  }
}
