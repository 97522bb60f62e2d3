package dev.plumb.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.api.common.Data;
import dev.plumb.talos.api.machine.ApplyConfiguration;
import dev.plumb.talos.api.machine.ApplyConfigurationRequest;
import dev.plumb.talos.api.machine.ApplyConfigurationResponse;
import dev.plumb.talos.api.machine.Bootstrap;
import dev.plumb.talos.api.machine.BootstrapRequest;
import dev.plumb.talos.api.machine.BootstrapResponse;
import dev.plumb.talos.api.machine.EtcdAlarmListResponse;
import dev.plumb.talos.api.machine.EtcdLeaveCluster;
import dev.plumb.talos.api.machine.EtcdLeaveClusterRequest;
import dev.plumb.talos.api.machine.EtcdLeaveClusterResponse;
import dev.plumb.talos.api.machine.EtcdMemberListRequest;
import dev.plumb.talos.api.machine.EtcdMemberListResponse;
import dev.plumb.talos.api.machine.EtcdStatusResponse;
import dev.plumb.talos.api.machine.FeaturesInfo;
import dev.plumb.talos.api.machine.Hostname;
import dev.plumb.talos.api.machine.HostnameResponse;
import dev.plumb.talos.api.machine.EtcdRemoveMemberByID;
import dev.plumb.talos.api.machine.EtcdRemoveMemberByIDRequest;
import dev.plumb.talos.api.machine.EtcdRemoveMemberByIDResponse;
import dev.plumb.talos.api.machine.MachineServiceGrpc;
import dev.plumb.talos.api.machine.ReadRequest;
import dev.plumb.talos.api.machine.PlatformInfo;
import dev.plumb.talos.api.machine.Reboot;
import dev.plumb.talos.api.machine.RebootRequest;
import dev.plumb.talos.api.machine.RebootResponse;
import dev.plumb.talos.api.machine.Reset;
import dev.plumb.talos.api.machine.ResetRequest;
import dev.plumb.talos.api.machine.ResetResponse;
import dev.plumb.talos.api.machine.ServiceHealth;
import dev.plumb.talos.api.machine.ServiceInfo;
import dev.plumb.talos.api.machine.ServiceList;
import dev.plumb.talos.api.machine.ServiceListResponse;
import dev.plumb.talos.api.machine.UpgradeRequest;
import dev.plumb.talos.api.machine.UpgradeResponse;
import dev.plumb.talos.api.machine.Version;
import dev.plumb.talos.api.machine.VersionInfo;
import dev.plumb.talos.api.machine.VersionResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** machine.MachineService as a simulated node serves it. */
final class SimMachineService extends MachineServiceGrpc.MachineServiceImplBase {
  private static final String READ = "os:reader";
  private static final String OPERATE = "os:operator";
  private static final String ADMIN = "os:admin";
  private final SimApi api;

  SimMachineService(SimApi api) {
    this.api = api;
  }

  @Override
  public void version(Empty req, StreamObserver<VersionResponse> out) {
    api.unary("machine.MachineService/Version", out, VersionResponse.getDefaultInstance(), true, (n, c) -> {
      SimApi.require(c, READ, OPERATE, ADMIN);
      // maintenance/server.go: Version answers admins only (over SideroLink); an insecure caller gets
      // the maintenance service's refusal and reads the Versions resource instead
      if (n.maintenance() && !c.has(ADMIN)) {
        throw io.grpc.Status.UNIMPLEMENTED.withDescription("API is not implemented in maintenance mode")
            .asRuntimeException();
      }
      Version.Builder v = Version.newBuilder()
          .setVersion(VersionInfo.newBuilder().setTag(n.versionTag()).setSha("0000000")
              .setOs("linux").setArch("amd64").setGoVersion("go1.25"))
          .setPlatform(PlatformInfo.newBuilder().setName("metal").setMode("metal"));
      if (!n.maintenance()) {
        v.setFeatures(FeaturesInfo.newBuilder().setRbac(true));
      }
      return VersionResponse.newBuilder().addMessages(v).build();
    });
  }

  @Override
  public void hostname(Empty req, StreamObserver<HostnameResponse> out) {
    api.unary("machine.MachineService/Hostname", out, HostnameResponse.getDefaultInstance(), true, (n, c) -> {
      SimApi.require(c, READ, OPERATE, ADMIN);
      return HostnameResponse.newBuilder().addMessages(Hostname.newBuilder().setHostname(n.hostname())).build();
    });
  }

  @Override
  public void serviceList(Empty req, StreamObserver<ServiceListResponse> out) {
    api.unary("machine.MachineService/ServiceList", out, ServiceListResponse.getDefaultInstance(), true, (n, c) -> {
      SimApi.require(c, READ, OPERATE, ADMIN);
      ServiceList.Builder list = ServiceList.newBuilder();
      for (SimService s : n.services()) {
        list.addServices(ServiceInfo.newBuilder().setId(s.id()).setState(s.state())
            .setHealth(ServiceHealth.newBuilder().setHealthy(s.healthy()).setLastMessage(s.message())));
      }
      return ServiceListResponse.newBuilder().addMessages(list).build();
    });
  }

  @Override
  public void applyConfiguration(ApplyConfigurationRequest req, StreamObserver<ApplyConfigurationResponse> out) {
    api.unary("machine.MachineService/ApplyConfiguration", out,
        ApplyConfigurationResponse.getDefaultInstance(), true, (n, c) -> {
          Duration tryTimeout = req.hasTryModeTimeout()
              ? Duration.ofSeconds(req.getTryModeTimeout().getSeconds(), req.getTryModeTimeout().getNanos())
              : null;
          var outcome = n.apply(req.getData().toByteArray(), new ApplyHandler.Request(
              ApplyMode.of(req.getMode()), req.getDryRun(), tryTimeout, c.has(ADMIN)));
          return ApplyConfigurationResponse.newBuilder().addMessages(ApplyConfiguration.newBuilder()
              .setMode(outcome.mode().wire()).setModeDetails(outcome.details())).build();
        });
  }

  @Override
  public void reboot(RebootRequest req, StreamObserver<RebootResponse> out) {
    api.unary("machine.MachineService/Reboot", out, RebootResponse.getDefaultInstance(), true, (n, c) -> {
      SimApi.require(c, ADMIN, OPERATE);
      n.reboot("reboot " + req.getMode());
      return RebootResponse.newBuilder().addMessages(Reboot.newBuilder()
          .setActorId(UUID.randomUUID().toString())).build();
    });
  }

  @Override
  public void bootstrap(BootstrapRequest req, StreamObserver<BootstrapResponse> out) {
    api.unary("machine.MachineService/Bootstrap", out, BootstrapResponse.getDefaultInstance(), true, (n, c) -> {
      SimApi.require(c, ADMIN);
      n.bootstrap();
      return BootstrapResponse.newBuilder().addMessages(Bootstrap.getDefaultInstance()).build();
    });
  }

  @Override
  public void reset(ResetRequest req, StreamObserver<ResetResponse> out) {
    api.unary("machine.MachineService/Reset", out, ResetResponse.getDefaultInstance(), true, (n, c) -> {
      SimApi.require(c, ADMIN);
      LifeFaults.reset(n, req.getGraceful());
      return ResetResponse.newBuilder().addMessages(Reset.newBuilder()
          .setActorId(UUID.randomUUID().toString())).build();
    });
  }

  @Override
  public void upgrade(UpgradeRequest req, StreamObserver<UpgradeResponse> out) {
    api.unary("machine.MachineService/Upgrade", out, UpgradeResponse.getDefaultInstance(), true,
        (n, c) -> LegacyUpgrade.upgrade(n, c, req));
  }

  @Override
  public void read(ReadRequest req, StreamObserver<Data> out) {
    api.stream(out, (n, c) -> {
      requireConfigured(n, "Read");
      SimApi.require(c, ADMIN);
      return List.of(Data.newBuilder().setBytes(ByteString.copyFrom(SimFiles.read(n, req.getPath()))).build());
    });
  }

  @Override
  public void etcdAlarmList(Empty req, StreamObserver<EtcdAlarmListResponse> out) {
    api.unary("machine.MachineService/EtcdAlarmList", out, EtcdAlarmListResponse.getDefaultInstance(), true,
        (n, c) -> {
          requireConfigured(n, "EtcdAlarmList");
          SimApi.require(c, READ, OPERATE, ADMIN, "os:etcd:backup");
          return EtcdAlarmListResponse.newBuilder().addMessages(SimEtcd.alarms(n)).build();
        });
  }

  @Override
  public void etcdRemoveMemberByID(EtcdRemoveMemberByIDRequest req,
      StreamObserver<EtcdRemoveMemberByIDResponse> out) {
    api.unary("machine.MachineService/EtcdRemoveMemberByID", out,
        EtcdRemoveMemberByIDResponse.getDefaultInstance(), true, (n, c) -> {
          requireConfigured(n, "EtcdRemoveMemberByID");
          SimApi.require(c, ADMIN);
          SimEtcd.removeMember(n, req.getMemberId());
          return EtcdRemoveMemberByIDResponse.newBuilder()
              .addMessages(EtcdRemoveMemberByID.getDefaultInstance()).build();
        });
  }

  @Override
  public void etcdLeaveCluster(EtcdLeaveClusterRequest req, StreamObserver<EtcdLeaveClusterResponse> out) {
    api.unary("machine.MachineService/EtcdLeaveCluster", out, EtcdLeaveClusterResponse.getDefaultInstance(), true,
        (n, c) -> {
          requireConfigured(n, "EtcdLeaveCluster");
          SimApi.require(c, ADMIN);
          SimEtcd.leave(n);
          return EtcdLeaveClusterResponse.newBuilder().addMessages(EtcdLeaveCluster.getDefaultInstance()).build();
        });
  }

  /** The maintenance API implements only a few MachineService calls; the rest are grpc-go's default. */
  private static void requireConfigured(SimulatedNode n, String method) {
    if (n.maintenance()) {
      throw io.grpc.Status.UNIMPLEMENTED.withDescription("method " + method + " not implemented").asRuntimeException();
    }
  }

  @Override
  public void etcdMemberList(EtcdMemberListRequest req, StreamObserver<EtcdMemberListResponse> out) {
    api.unary("machine.MachineService/EtcdMemberList", out, EtcdMemberListResponse.getDefaultInstance(), true,
        (n, c) -> {
          SimApi.require(c, READ, OPERATE, ADMIN, "os:etcd:backup");
          return EtcdMemberListResponse.newBuilder().addMessages(SimEtcd.members(n, req.getQueryLocal())).build();
        });
  }

  @Override
  public void etcdStatus(Empty req, StreamObserver<EtcdStatusResponse> out) {
    api.unary("machine.MachineService/EtcdStatus", out, EtcdStatusResponse.getDefaultInstance(), true, (n, c) -> {
      SimApi.require(c, READ, OPERATE, ADMIN, "os:etcd:backup");
      return EtcdStatusResponse.newBuilder().addMessages(SimEtcd.status(n)).build();
    });
  }

  @Override
  public void kubeconfig(Empty req, StreamObserver<Data> out) {
    api.stream(out, (n, c) -> {
      SimApi.require(c, ADMIN);
      if (!n.controlPlane()) {
        throw io.grpc.Status.UNIMPLEMENTED.withDescription(
            "kubeconfig is only available on control plane nodes").asRuntimeException();
      }
      return List.of(Data.newBuilder().setBytes(ByteString.copyFrom(SimKubeconfig.archive(n))).build());
    });
  }
}
