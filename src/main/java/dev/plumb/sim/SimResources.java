package dev.plumb.sim;

import com.google.protobuf.ByteString;
import dev.plumb.talos.MachineStage;
import dev.plumb.talos.api.cosi.Metadata;
import dev.plumb.talos.api.cosi.Resource;
import dev.plumb.talos.api.cosi.Spec;
import dev.plumb.talos.api.resource.config.MachineConfigSpec;
import dev.plumb.talos.api.resource.config.MachineType;
import dev.plumb.talos.api.resource.config.MachineTypeSpec;
import dev.plumb.talos.api.resource.definitions.enums.RuntimeMachineStage;
import dev.plumb.talos.api.resource.definitions.etcd.MemberSpec;
import dev.plumb.talos.api.resource.definitions.network.HostnameStatusSpec;
import dev.plumb.talos.api.resource.definitions.runtime.MachineStatusSpec;
import dev.plumb.talos.api.resource.definitions.runtime.MachineStatusStatus;
import dev.plumb.talos.api.resource.definitions.runtime.UnmetCondition;
import dev.plumb.talos.api.resource.definitions.runtime.VersionSpec;
import dev.plumb.talos.api.resource.definitions.v1alpha1.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The COSI resources of a simulated node, with both spec encodings as Talos fills them. */
final class SimResources {
  private SimResources() {}

  /** The node's resources of one type, with counted versions (SimResourceVersions). */
  static List<Resource> of(SimulatedNode n, String type) {
    return n.resourceVersions().stampAll(type, current(n, type), n.clock().now().toEpochMilli());
  }

  private static List<Resource> current(SimulatedNode n, String type) {
    return switch (type) {
      case "MachineConfigs.config.talos.dev" -> machineConfigs(n);
      case "MachineTypes.config.talos.dev" -> List.of(machineType(n));
      case "MachineStatuses.runtime.talos.dev" -> List.of(machineStatus(n));
      case "Versions.runtime.talos.dev" -> List.of(resource("runtime", type, "version",
          VersionSpec.newBuilder().setVersion(n.versionTag()).setName("Talos").build().toByteString(),
          "version: " + n.versionTag() + "\nname: Talos\n"));
      case "Services.v1alpha1.talos.dev" -> services(n);
      case "EtcdMembers.etcd.talos.dev" -> n.etcd().hasData()
          ? List.of(resource("etcd", type, "local", MemberSpec.newBuilder()
              .setMemberId(String.format("%016x", n.etcd().memberId())).build().toByteString(),
              "memberID: " + String.format("%016x", n.etcd().memberId()) + "\n"))
          : List.of();
      case "HostnameStatuses.net.talos.dev" -> List.of(hostname(n));
      case "NodeStatuses.kubernetes.talos.dev" -> n.kubeletStarted() ? List.of(resource("k8s", type, SimReadiness.nodename(n).orElse(n.hostname()),
          dev.plumb.talos.api.resource.definitions.k8s.NodeStatusSpec.newBuilder().setNodename(n.hostname())
              .setNodeReady(SimReadiness.nodeReady(n)).build().toByteString(),
          "nodename: " + n.hostname() + "\nnodeReady: " + SimReadiness.nodeReady(n) + "\nunschedulable: false\n")) : List.of();
      case "Nodenames.kubernetes.talos.dev" -> SimHostResources.nodenames(n,
          of(n, "HostnameStatuses.net.talos.dev").get(0).getMetadata().getVersion());
      case "ExtensionStatuses.runtime.talos.dev" -> SimHostResources.extensionStatuses(n);
      case "SystemInformations.hardware.talos.dev" -> SimHostResources.systemInformation(n);
      case SimBootstrapManifests.TYPE -> SimBootstrapManifests.of(n);
      default -> List.of();
    };
  }

  private static Resource hostname(SimulatedNode n) {
    return resource("network", "HostnameStatuses.net.talos.dev", "hostname",
        HostnameStatusSpec.newBuilder().setHostname(n.hostname()).build().toByteString(),
        "hostname: " + n.hostname() + "\ndomainname: \"\"\n");
  }

  private static List<Resource> machineConfigs(SimulatedNode n) {
    List<Resource> out = new ArrayList<>();
    boolean reencoded = n.fleet().spec().reencodedConfigs();
    n.activeConfig().ifPresent(c -> out.add(config("v1alpha1", reencoded ? ConfigReencoder.reencode(c.raw()) : c.raw())));
    n.persistentConfig().ifPresent(c -> out.add(config("persistent",
        reencoded ? ConfigReencoder.reencode(c.raw()) : c.raw())));
    return out;
  }

  private static Resource config(String id, byte[] yaml) {
    String text = new String(yaml, StandardCharsets.UTF_8);
    Resource r = resource("config", "MachineConfigs.config.talos.dev", id,
        MachineConfigSpec.newBuilder().setYamlMarshalled(ByteString.copyFrom(yaml)).build().toByteString(),
        "|\n" + text.indent(4));
    return r.toBuilder().setMetadata(r.getMetadata().toBuilder()
        .putAnnotations("talos.dev/yaml-spec", "1")).build();
  }

  private static Resource machineType(SimulatedNode n) {
    String t = n.activeConfig().map(MachineConfigView::machineType).orElse("unknown");
    MachineType mt = switch (t) {
      case "controlplane" -> MachineType.CONTROL_PLANE;
      case "worker" -> MachineType.WORKER;
      case "init" -> MachineType.INIT;
      default -> MachineType.UNKNOWN;
    };
    return resource("config", "MachineTypes.config.talos.dev", "machine-type",
        MachineTypeSpec.newBuilder().setMachineType(mt).build().toByteString(), t + "\n");
  }

  private static Resource machineStatus(SimulatedNode n) {
    MachineStage stage = n.stage();
    List<String[]> unmet = n.unmetConditions();
    // machine_status.go: ready is true exactly when no check failed (no checks outside booting/running).
    boolean ready = unmet.isEmpty();
    MachineStatusStatus.Builder st = MachineStatusStatus.newBuilder().setReady(ready);
    StringBuilder yaml = new StringBuilder("stage: " + stage.name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + "\nstatus:\n  ready: " + ready + "\n  unmetConditions:");
    if (unmet.isEmpty()) {
      yaml.append(" []\n");
    } else {
      yaml.append('\n');
    }
    for (String[] u : unmet) {
      st.addUnmetConditions(UnmetCondition.newBuilder().setName(u[0]).setReason(u[1]));
      yaml.append("    - name: ").append(u[0]).append("\n      reason: ").append(u[1]).append('\n');
    }
    MachineStatusSpec spec = MachineStatusSpec.newBuilder()
        .setStage(RuntimeMachineStage.forNumber(stage.ordinal())).setStatus(st).build();
    return resource("runtime", "MachineStatuses.runtime.talos.dev", "machine", spec.toByteString(),
        yaml.toString());
  }

  private static List<Resource> services(SimulatedNode n) {
    List<Resource> out = new ArrayList<>();
    for (SimService s : n.services()) {
      boolean running = "Running".equals(s.state());
      out.add(resource("runtime", "Services.v1alpha1.talos.dev", s.id(),
          ServiceSpec.newBuilder().setRunning(running).setHealthy(s.healthy()).build().toByteString(),
          "running: " + running + "\nhealthy: " + s.healthy() + "\nunknown: false\n"));
    }
    return out;
  }

  static Resource resource(String ns, String type, String id, ByteString proto, String yaml) {
    return Resource.newBuilder()
        .setMetadata(Metadata.newBuilder().setNamespace(ns).setType(type).setId(id).setPhase("running"))
        .setSpec(Spec.newBuilder().setProtoSpec(proto).setYamlSpec(yaml))
        .build();
  }
}
