package dev.plumb.talos;

import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.plumb.talos.TalosException.Kind;
import dev.plumb.talos.api.common.ContainerDriver;
import dev.plumb.talos.api.common.ContainerdInstance;
import dev.plumb.talos.api.common.ContainerdNamespace;
import dev.plumb.talos.api.common.Data;
import dev.plumb.talos.api.common.Metadata;
import dev.plumb.talos.api.cosi.GetRequest;
import dev.plumb.talos.api.cosi.Resource;
import dev.plumb.talos.api.cosi.StateGrpc;
import dev.plumb.talos.api.machine.ApplyConfiguration;
import dev.plumb.talos.api.machine.ApplyConfigurationRequest;
import dev.plumb.talos.api.machine.BootstrapRequest;
import dev.plumb.talos.api.machine.EtcdLeaveClusterRequest;
import dev.plumb.talos.api.machine.EtcdMemberListRequest;
import dev.plumb.talos.api.machine.EtcdRemoveMemberByIDRequest;
import dev.plumb.talos.api.machine.ReadRequest;
import dev.plumb.talos.api.machine.EtcdMembers;
import dev.plumb.talos.api.machine.ImageServiceGrpc;
import dev.plumb.talos.api.machine.ImageServicePullRequest;
import dev.plumb.talos.api.machine.InstallArtifactsSource;
import dev.plumb.talos.api.machine.LifecycleServiceGrpc;
import dev.plumb.talos.api.machine.LifecycleServiceUpgradeRequest;
import dev.plumb.talos.api.machine.LifecycleServiceUpgradeResponse;
import dev.plumb.talos.api.machine.MachineServiceGrpc;
import dev.plumb.talos.api.machine.RebootRequest;
import dev.plumb.talos.api.machine.ServiceInfo;
import dev.plumb.talos.api.machine.ServiceList;
import dev.plumb.talos.api.machine.UpgradeRequest;
import dev.plumb.talos.api.machine.Version;
import dev.plumb.talos.api.resource.config.MachineConfigSpec;
import dev.plumb.talos.api.resource.definitions.runtime.MachineStatusSpec;
import dev.plumb.talos.api.resource.definitions.runtime.UnmetCondition;
import io.grpc.Metadata.Key;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link TalosClient} over gRPC. One channel per endpoint (from {@link TalosChannels}); a node
 * reached through an endpoint gets {@code node} metadata, as talosctl 1.13 does for single-node
 * calls. Every call has a deadline; unary answers are checked for in-band per-node errors.
 */
public final class GrpcTalosClient implements TalosClient {
  private static final Key<String> NODE = Key.of("node", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

  /** Deadlines: ordinary calls, and the long streams of an upgrade (image pull, install). */
  public record Timeouts(Duration call, Duration upgrade) {
    public static Timeouts defaults() {
      return new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(15));
    }
  }

  private final TalosChannels channels;
  private final Timeouts timeouts;

  public GrpcTalosClient(TalosChannels channels, Timeouts timeouts) {
    this.channels = channels;
    this.timeouts = timeouts;
  }

  @Override
  public NodeVersion version(NodeTarget t) {
    dev.plumb.talos.api.machine.VersionResponse resp;
    try {
      resp = machine(t, timeouts.call()).version(Empty.getDefaultInstance());
    } catch (io.grpc.StatusRuntimeException e) {
      if (!maintenanceRefusal(e)) {
        return call("machine.MachineService/Version", t, () -> {
          throw e;
        });
      }
      // Talos's maintenance service answers Version to admins only (SideroLink); anyone else reads the
      // Versions resource, which the maintenance API serves to readers (maintenance/server.go)
      String yaml = resourceYaml(t, "runtime", "Versions.runtime.talos.dev", "version");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^version:\\s*(\\S+)").matcher(yaml);
      return new NodeVersion(m.find() ? m.group(1) : "", "", "", true);
    }
    var r = resp;
    Version v = TalosErrors.single(r.getMessagesList(), Version::getMetadata, "machine.MachineService/Version", t);
    return new NodeVersion(
        v.getVersion().getTag(), v.getVersion().getArch(), v.getPlatform().getName(), !v.hasFeatures());
  }

  @Override
  public String hostname(NodeTarget t) {
    var resp = call("machine.MachineService/Hostname", t, () ->
        machine(t, timeouts.call()).hostname(Empty.getDefaultInstance()));
    return TalosErrors.single(resp.getMessagesList(), h -> h.getMetadata(), "machine.MachineService/Hostname", t)
        .getHostname();
  }

  @Override
  public byte[] machineConfig(NodeTarget t) {
    Resource r = cosiGet(t, "config", "MachineConfigs.config.talos.dev", "v1alpha1");
    try {
      if (!r.getSpec().getProtoSpec().isEmpty()) {
        return MachineConfigSpec.parseFrom(r.getSpec().getProtoSpec()).getYamlMarshalled().toByteArray();
      }
    } catch (InvalidProtocolBufferException e) {
      throw new TalosException(Kind.OTHER, t.label(), "machine config resource of " + t.label()
          + " has an undecodable proto spec", e);
    }
    Object spec = new org.snakeyaml.engine.v2.api.Load(
        org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString(r.getSpec().getYamlSpec());
    return String.valueOf(spec).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String resourceYaml(NodeTarget t, String namespace, String type, String id) {
    return cosiGet(t, namespace, type, id).getSpec().getYamlSpec();
  }

  @Override
  public List<String> resourceYamls(NodeTarget t, String namespace, String type) {
    return call("cosi.resource.State/List", t, () -> {
      var it = StateGrpc.newBlockingStub(channels.channel(t))
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(t)))
          .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
          .list(dev.plumb.talos.api.cosi.ListRequest.newBuilder().setNamespace(namespace).setType(type).build());
      List<String> out = new ArrayList<>();
      it.forEachRemaining(r -> out.add(r.getResource().getSpec().getYamlSpec()));
      return out;
    });
  }

  @Override
  public MachineStatus machineStatus(NodeTarget t) {
    Resource r = cosiGet(t, "runtime", "MachineStatuses.runtime.talos.dev", "machine");
    try {
      MachineStatusSpec spec = MachineStatusSpec.parseFrom(r.getSpec().getProtoSpec());
      List<String> unmet = new ArrayList<>();
      for (UnmetCondition c : spec.getStatus().getUnmetConditionsList()) {
        unmet.add(c.getName() + ": " + c.getReason());
      }
      return new MachineStatus(MachineStage.ofNumber(spec.getStageValue()), spec.getStatus().getReady(), unmet);
    } catch (InvalidProtocolBufferException e) {
      throw new TalosException(Kind.OTHER, t.label(), "MachineStatus of " + t.label()
          + " has an undecodable proto spec", e);
    }
  }

  @Override
  public List<ServiceStatus> services(NodeTarget t) {
    String m = "machine.MachineService/ServiceList";
    var resp = call(m, t, () -> machine(t, timeouts.call()).serviceList(Empty.getDefaultInstance()));
    ServiceList list = TalosErrors.single(resp.getMessagesList(), ServiceList::getMetadata, m, t);
    List<ServiceStatus> out = new ArrayList<>();
    for (ServiceInfo s : list.getServicesList()) {
      out.add(new ServiceStatus(s.getId(), s.getState(), s.getHealth().getHealthy(), s.getHealth().getLastMessage()));
    }
    return out;
  }

  @Override
  public List<EtcdMember> etcdMembers(NodeTarget t) {
    String m = "machine.MachineService/EtcdMemberList";
    var resp = call(m, t, () -> machine(t, timeouts.call())
        .etcdMemberList(EtcdMemberListRequest.newBuilder().setQueryLocal(false).build()));
    EtcdMembers members = TalosErrors.single(resp.getMessagesList(), EtcdMembers::getMetadata, m, t);
    List<EtcdMember> out = new ArrayList<>();
    for (var em : members.getMembersList()) {
      out.add(new EtcdMember(em.getId(), em.getHostname(), em.getPeerUrlsList(), em.getIsLearner()));
    }
    return out;
  }

  @Override
  public EtcdMemberStatus etcdStatus(NodeTarget t) {
    String m = "machine.MachineService/EtcdStatus";
    var resp = call(m, t, () -> machine(t, timeouts.call()).etcdStatus(Empty.getDefaultInstance()));
    var st = TalosErrors.single(resp.getMessagesList(), s -> s.getMetadata(), m, t).getMemberStatus();
    return new EtcdMemberStatus(st.getMemberId(), st.getLeader(), st.getRaftIndex(), st.getErrorsList());
  }

  @Override
  public ApplyResult applyConfiguration(
      NodeTarget t, byte[] config, ApplyMode mode, boolean dryRun, Duration tryTimeout) {
    var req = ApplyConfigurationRequest.newBuilder()
        .setData(com.google.protobuf.ByteString.copyFrom(config))
        .setMode(mode.wire())
        .setDryRun(dryRun);
    if (tryTimeout != null && mode == ApplyMode.TRY) {
      req.setTryModeTimeout(com.google.protobuf.Duration.newBuilder()
          .setSeconds(tryTimeout.getSeconds()).setNanos(tryTimeout.getNano()));
    }
    String m = "machine.MachineService/ApplyConfiguration";
    var resp = call(m, t, () -> machine(t, timeouts.call()).applyConfiguration(req.build()));
    ApplyConfiguration a = TalosErrors.single(resp.getMessagesList(), ApplyConfiguration::getMetadata, m, t);
    return new ApplyResult(ApplyMode.of(a.getMode()), a.getModeDetails(), a.getWarningsList());
  }

  @Override
  public void reboot(NodeTarget t, RebootMode mode) {
    String m = "machine.MachineService/Reboot";
    var resp = call(m, t, () -> machine(t, timeouts.call())
        .reboot(RebootRequest.newBuilder().setModeValue(mode.ordinal()).build()));
    TalosErrors.single(resp.getMessagesList(), r -> r.getMetadata(), m, t);
  }

  @Override
  public void bootstrap(NodeTarget t) {
    String m = "machine.MachineService/Bootstrap";
    var resp = call(m, t, () -> machine(t, timeouts.call()).bootstrap(BootstrapRequest.getDefaultInstance()));
    TalosErrors.single(resp.getMessagesList(), b -> b.getMetadata(), m, t);
  }

  @Override
  public byte[] kubeconfig(NodeTarget t) {
    byte[] archive = bytes("machine.MachineService/Kubeconfig", t,
        () -> machine(t, timeouts.call()).kubeconfig(Empty.getDefaultInstance()));
    return KubeconfigArchive.extract(archive, t.label());
  }

  @Override
  public byte[] read(NodeTarget t, String path) {
    return bytes("machine.MachineService/Read", t,
        () -> machine(t, timeouts.call()).read(ReadRequest.newBuilder().setPath(path).build()));
  }

  /** The concatenated bytes of a server stream of common.Data; a message with an error fails it. */
  private byte[] bytes(String method, NodeTarget t, Supplier<Iterator<Data>> stream) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    call(method, t, () -> {
      Iterator<Data> it = stream.get();
      while (it.hasNext()) {
        Data d = it.next();
        TalosErrors.checkInBand(d.getMetadata(), method, t);
        all.writeBytes(d.getBytes().toByteArray());
      }
      return null;
    });
    return all.toByteArray();
  }

  @Override
  public List<EtcdAlarm> etcdAlarms(NodeTarget t) {
    String m = "machine.MachineService/EtcdAlarmList";
    var resp = call(m, t, () -> machine(t, timeouts.call()).etcdAlarmList(Empty.getDefaultInstance()));
    var alarms = TalosErrors.single(resp.getMessagesList(), a -> a.getMetadata(), m, t);
    List<EtcdAlarm> out = new ArrayList<>();
    for (var a : alarms.getMemberAlarmsList()) {
      out.add(new EtcdAlarm(a.getMemberId(), a.getAlarm().name()));
    }
    return out;
  }

  @Override
  public void etcdRemoveMember(NodeTarget t, long memberId) {
    String m = "machine.MachineService/EtcdRemoveMemberByID";
    var resp = call(m, t, () -> machine(t, timeouts.call())
        .etcdRemoveMemberByID(EtcdRemoveMemberByIDRequest.newBuilder().setMemberId(memberId).build()));
    TalosErrors.single(resp.getMessagesList(), r -> r.getMetadata(), m, t);
  }

  @Override
  public void etcdLeave(NodeTarget t) {
    String m = "machine.MachineService/EtcdLeaveCluster";
    var resp = call(m, t, () -> machine(t, timeouts.call())
        .etcdLeaveCluster(EtcdLeaveClusterRequest.getDefaultInstance()));
    TalosErrors.single(resp.getMessagesList(), r -> r.getMetadata(), m, t);
  }

  @Override
  public UpgradeResult upgrade(NodeTarget t, String image, RebootMode rebootMode) {
    NodeVersion v = version(t);
    if (!TalosVersions.hasLifecycleUpgrade(v.tag())) {
      String m = "machine.MachineService/Upgrade";
      var resp = call(m, t, () -> machine(t, timeouts.upgrade()).upgrade(UpgradeRequest.newBuilder()
          .setImage(image).setPreserve(true).setRebootModeValue(rebootMode == RebootMode.POWERCYCLE ? 1 : 0)
          .build()));
      var u = TalosErrors.single(resp.getMessagesList(), x -> x.getMetadata(), m, t);
      return new UpgradeResult(false, image, u.getAck());
    }
    ContainerdInstance system = ContainerdInstance.newBuilder()
        .setDriver(ContainerDriver.CRI).setNamespace(ContainerdNamespace.NS_SYSTEM).build();
    call("machine.ImageService/Pull", t, () -> {
      var it = ImageServiceGrpc.newBlockingStub(channels.channel(t))
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(t)))
          .withDeadlineAfter(timeouts.upgrade().toMillis(), TimeUnit.MILLISECONDS)
          .pull(ImageServicePullRequest.newBuilder().setContainerd(system).setImageRef(image).build());
      it.forEachRemaining(x -> { });
      return null;
    });
    String detail = call("machine.LifecycleService/Upgrade", t, () -> {
      var it = LifecycleServiceGrpc.newBlockingStub(channels.channel(t))
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(t)))
          .withDeadlineAfter(timeouts.upgrade().toMillis(), TimeUnit.MILLISECONDS)
          .upgrade(LifecycleServiceUpgradeRequest.newBuilder().setContainerd(system)
              .setSource(InstallArtifactsSource.newBuilder().setImageName(image)).build());
      String last = "";
      Integer exit = null;
      while (it.hasNext()) {
        LifecycleServiceUpgradeResponse r = it.next();
        if (r.getProgress().hasExitCode()) {
          exit = r.getProgress().getExitCode();
        } else if (r.getProgress().hasMessage()) {
          last = r.getProgress().getMessage();
        }
      }
      if (exit == null || exit != 0) {
        throw new TalosException(Kind.NODE_ERROR, t.label(), "installing " + image + " on " + t.label()
            + " failed" + (exit == null ? " (no exit code)" : " with exit code " + exit) + ": " + last);
      }
      return last;
    });
    reboot(t, rebootMode);
    return new UpgradeResult(true, image, detail);
  }

  @Override
  public void close() {
    channels.close();
  }

  private Resource cosiGet(NodeTarget t, String ns, String type, String id) {
    var resp = call("cosi.resource.State/Get", t, () -> StateGrpc.newBlockingStub(channels.channel(t))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(t)))
        .withDeadlineAfter(timeouts.call().toMillis(), TimeUnit.MILLISECONDS)
        .get(GetRequest.newBuilder().setNamespace(ns).setType(type).setId(id).build()));
    return resp.getResource();
  }

  private MachineServiceGrpc.MachineServiceBlockingStub machine(NodeTarget t, Duration deadline) {
    return withTarget(MachineServiceGrpc.newBlockingStub(channels.channel(t)), t)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static <S extends AbstractStub<S>> S withTarget(S stub, NodeTarget t) {
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(t)));
  }

  private static io.grpc.Metadata headers(NodeTarget t) {
    io.grpc.Metadata md = new io.grpc.Metadata();
    if (t.node() != null) {
      md.put(NODE, t.node());
    }
    return md;
  }

  private <T> T call(String method, NodeTarget t, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      TalosException te = TalosErrors.translate(e, method, t);
      if (te.kind() == Kind.UNREACHABLE || te.kind() == Kind.TLS) {
        channels.evict(t);
      }
      if (te.kind() == Kind.TLS && !t.insecure() && t.node() == null) {
        throw refineMaintenance(te, method, t);
      }
      throw te;
    }
  }

  /** A TLS failure against a node may mean it has no config yet: ask it insecurely. */
  private TalosException refineMaintenance(TalosException te, String method, NodeTarget t) {
    try {
      var resp = MachineServiceGrpc.newBlockingStub(channels.channel(NodeTarget.maintenance(t.endpoint())))
          .withDeadlineAfter(Math.min(5000, timeouts.call().toMillis()), TimeUnit.MILLISECONDS)
          .version(Empty.getDefaultInstance());
      if (resp.getMessagesCount() > 0 && !resp.getMessages(0).hasFeatures()) {
        return new TalosException(Kind.MAINTENANCE, t.label(), method + " on " + t.label()
            + ": the node is in maintenance mode (no config yet); only the insecure API answers"
            + " until a config is applied", te);
      }
    } catch (StatusRuntimeException e) {
      if (maintenanceRefusal(e)) {
        return new TalosException(Kind.MAINTENANCE, t.label(), method + " on " + t.label()
            + ": the node is in maintenance mode (no config yet); only the insecure API answers"
            + " until a config is applied", te);
      }
      // the node is not in maintenance mode: the TLS error stands
    }
    return te;
  }

  /** The maintenance service's answer to a call it serves only to admins: proof of maintenance mode. */
  private static boolean maintenanceRefusal(StatusRuntimeException e) {
    return e.getStatus().getCode() == io.grpc.Status.Code.UNIMPLEMENTED && e.getStatus().getDescription() != null
        && e.getStatus().getDescription().contains("not implemented in maintenance mode");
  }

}
