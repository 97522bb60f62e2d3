package dev.plumb.render.apps;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kustomization transformers plumb supports, in kustomize's order: namespace, name
 * prefix/suffix (with the references a pod template makes to renamed ConfigMaps, Secrets,
 * ServiceAccounts and PersistentVolumeClaims), labels, annotations, images.
 */
final class Transformers {
  /** Built-in kinds that have no namespace (the kinds kustomize's schema marks cluster-scoped). */
  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "StorageClass",
      "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "IngressClass",
      "RuntimeClass", "CSIDriver", "CSINode", "VolumeAttachment", "APIService", "MutatingWebhookConfiguration",
      "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
      "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration");
  private static final Set<String> SELECTOR_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

  private Transformers() {}

  static void apply(Kustomization k, List<SourceDoc> docs) {
    Set<String> clusterKinds = new HashSet<>(CLUSTER_SCOPED);
    for (SourceDoc d : docs) {
      Map<String, Object> spec = PodSpecs.map(d.body().get("spec"));
      Map<String, Object> names = spec == null ? null : PodSpecs.map(spec.get("names"));
      if (d.kind().equals("CustomResourceDefinition") && names != null && "Cluster".equals(spec.get("scope"))) {
        clusterKinds.add(String.valueOf(names.get("kind")));
      }
    }
    if (!k.namespace().isEmpty()) {
      for (SourceDoc d : docs) {
        if (!clusterKinds.contains(d.kind())) {
          d.metadata().put("namespace", k.namespace());
        }
      }
    }
    if (!k.namePrefix().isEmpty() || !k.nameSuffix().isEmpty()) {
      rename(k, docs);
    }
    for (SourceDoc d : docs) {
      addAll(d.metadata(), "labels", k.commonLabels());
      selectorsAndTemplates(d, k.commonLabels(), true, true);
      for (Kustomization.Labels l : k.labels()) {
        addAll(d.metadata(), "labels", l.pairs());
        selectorsAndTemplates(d, l.pairs(), l.includeSelectors(), l.includeSelectors() || l.includeTemplates());
      }
      addAll(d.metadata(), "annotations", k.commonAnnotations());
      Map<String, Object> template = PodSpecs.template(d.body());
      if (template != null && !k.commonAnnotations().isEmpty()) {
        addAll(meta(template), "annotations", k.commonAnnotations());
      }
      images(d, k.images());
    }
  }

  private static void rename(Kustomization k, List<SourceDoc> docs) {
    Map<String, Map<String, String>> renamed = new HashMap<>();
    for (SourceDoc d : docs) {
      if (d.kind().equals("Namespace") || d.kind().equals("CustomResourceDefinition")) {
        continue;
      }
      String newName = k.namePrefix() + d.name() + k.nameSuffix();
      renamed.computeIfAbsent(d.kind(), x -> new HashMap<>()).put(d.name(), newName);
      d.metadata().put("name", newName);
    }
    for (SourceDoc d : docs) {
      Map<String, Object> pod = PodSpecs.podSpec(d.body());
      if (pod == null) {
        continue;
      }
      ref(pod, "serviceAccountName", renamed.get("ServiceAccount"));
      if (pod.get("volumes") instanceof List<?> vols) {
        for (Object v : vols) {
          Map<String, Object> vm = PodSpecs.map(v);
          if (vm != null) {
            ref(PodSpecs.map(vm.get("configMap")), "name", renamed.get("ConfigMap"));
            ref(PodSpecs.map(vm.get("secret")), "secretName", renamed.get("Secret"));
            ref(PodSpecs.map(vm.get("persistentVolumeClaim")), "claimName", renamed.get("PersistentVolumeClaim"));
          }
        }
      }
      for (Map<String, Object> c : PodSpecs.containers(pod)) {
        if (c.get("envFrom") instanceof List<?> ef) {
          for (Object o : ef) {
            Map<String, Object> m = PodSpecs.map(o);
            if (m != null) {
              ref(PodSpecs.map(m.get("configMapRef")), "name", renamed.get("ConfigMap"));
              ref(PodSpecs.map(m.get("secretRef")), "name", renamed.get("Secret"));
            }
          }
        }
        if (c.get("env") instanceof List<?> env) {
          for (Object o : env) {
            Map<String, Object> m = PodSpecs.map(o);
            Map<String, Object> vf = m == null ? null : PodSpecs.map(m.get("valueFrom"));
            if (vf != null) {
              ref(PodSpecs.map(vf.get("configMapKeyRef")), "name", renamed.get("ConfigMap"));
              ref(PodSpecs.map(vf.get("secretKeyRef")), "name", renamed.get("Secret"));
            }
          }
        }
      }
    }
  }

  private static void ref(Map<String, Object> holder, String field, Map<String, String> renamed) {
    if (holder != null && renamed != null && holder.get(field) != null) {
      String now = renamed.get(String.valueOf(holder.get(field)));
      if (now != null) {
        holder.put(field, now);
      }
    }
  }

  private static void selectorsAndTemplates(SourceDoc d, Map<String, String> labels, boolean selectors,
      boolean templates) {
    if (labels.isEmpty()) {
      return;
    }
    Map<String, Object> spec = PodSpecs.map(d.body().get("spec"));
    if (spec == null) {
      return;
    }
    if (selectors && d.kind().equals("Service")) {
      addAll(spec, "selector", labels);
    }
    if (selectors && SELECTOR_KINDS.contains(d.kind())) {
      Map<String, Object> sel = PodSpecs.map(spec.computeIfAbsent("selector", x -> new LinkedHashMap<>()));
      addAll(sel, "matchLabels", labels);
    }
    Map<String, Object> template = PodSpecs.template(d.body());
    if (templates && template != null) {
      addAll(meta(template), "labels", labels);
    }
  }

  private static Map<String, Object> meta(Map<String, Object> holder) {
    return PodSpecs.map(holder.computeIfAbsent("metadata", x -> new LinkedHashMap<>()));
  }

  private static void addAll(Map<String, Object> holder, String field, Map<String, String> values) {
    if (holder == null || values.isEmpty()) {
      return;
    }
    Map<String, Object> m = PodSpecs.map(holder.get(field));
    if (m == null) {
      m = new LinkedHashMap<>();
      holder.put(field, m);
    }
    m.putAll(values);
  }

  /** Kustomize's image transformer: an image whose name (before tag or digest) matches gets the new name/tag/digest. */
  private static void images(SourceDoc d, List<Kustomization.Image> images) {
    Map<String, Object> pod = PodSpecs.podSpec(d.body());
    if (pod == null || images.isEmpty()) {
      return;
    }
    for (Map<String, Object> c : PodSpecs.containers(pod)) {
      if (!(c.get("image") instanceof String image)) {
        continue;
      }
      ImageRef ref = ImageRef.parse(image);
      for (Kustomization.Image i : images) {
        if (i.name().equals(ref.name())) {
          String name = i.newName().isEmpty() ? ref.name() : i.newName();
          String suffix = !i.digest().isEmpty() ? "@" + i.digest()
              : !i.newTag().isEmpty() ? ":" + i.newTag() : ref.suffix();
          c.put("image", name + suffix);
          break;
        }
      }
    }
  }

  /** An image reference split into its name and its ":tag" / "@digest" suffix. */
  record ImageRef(String name, String suffix) {
    static ImageRef parse(String image) {
      int at = image.indexOf('@');
      if (at >= 0) {
        return new ImageRef(image.substring(0, at), image.substring(at));
      }
      int colon = image.lastIndexOf(':');
      if (colon > image.lastIndexOf('/')) {
        return new ImageRef(image.substring(0, colon), image.substring(colon));
      }
      return new ImageRef(image, "");
    }
  }
}
