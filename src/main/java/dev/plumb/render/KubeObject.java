package dev.plumb.render;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.render.sops.Sensitive;
import java.util.Map;

/**
 * One Kubernetes object a cluster should have, from the apps its plumb.yaml selects. The body is
 * {@link Sensitive} because Secrets (SOPS-decrypted) travel in it.
 */
public record KubeObject(ResourceKey key, String apiVersion, String source, Sensitive<Map<String, Object>> body,
    String sha256) {}
