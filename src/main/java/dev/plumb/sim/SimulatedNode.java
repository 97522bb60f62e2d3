package dev.plumb.sim;

import dev.plumb.talos.MachineStage;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One simulated Talos node: its configs (active and persistent), version, machine stage, services,
 * etcd membership and faults, and the listener that serves the Talos API for it. Behaviour
 * follows talos-api.md: maintenance mode until a first config, apply modes by CanApplyImmediate,
 * reboots that take the node away and bring it back through its boot stages.
 */
public final class SimulatedNode {
  static final List<String> CP_SERVICES = SimServices.CONTROL_PLANE;
  static final List<String> WORKER_SERVICES = SimServices.WORKER;

  private final String name;
  private final String address;
  private final SimulatedFleet fleet;
  private final NodeListener listener;
  private final NodeFaults faults = new NodeFaults();
  private long memberId;
  private String hardwareUuid;
  private final NodeLedger ledger = new NodeLedger();
  private final SimResourceVersions resourceVersions = new SimResourceVersions();

  private MachineConfigView active;
  private MachineConfigView persistent; // resource "persistent": an apply in this boot (config/acquire.go)
  private MachineConfigView onDisk; // the config on STATE, which a boot loads
  private String versionTag;
  private String pendingVersion;
  private boolean upgrading;
  private boolean powered;
  private boolean rebootPending;
  private int servicesStarted;
  private String failingService = "";
  private boolean etcdJoined;
  private boolean etcdLearner;
  private final TryTimer tryTimer = new TryTimer();
  private int bootGeneration;

  SimulatedNode(String name, String address, SimulatedFleet fleet, String versionTag, long seed) {
    this.name = name;
    this.address = address;
    this.fleet = fleet;
    this.versionTag = versionTag;
    this.memberId = new Random(seed).nextLong() & Long.MAX_VALUE | 1L;
    this.hardwareUuid = java.util.UUID.nameUUIDFromBytes(("plumb-sim/" + address).getBytes(
        java.nio.charset.StandardCharsets.UTF_8)).toString();
    this.listener = new NodeListener(this, fleet);
  }

  public String name() {
    return name;
  }

  public String address() {
    return address;
  }

  public int port() {
    return fleet.port();
  }

  SimulatedFleet fleet() {
    return fleet;
  }

  /** The counted COSI versions of this node's resources. */
  SimResourceVersions resourceVersions() {
    return resourceVersions;
  }

  SimClock clock() {
    return fleet.clock();
  }

  /** What this node pulled and accepted. */
  public NodeLedger ledger() {
    return ledger;
  }

  /** Whether kubelet has started, so that the node has registered its Kubernetes Node. */
  synchronized boolean kubeletStarted() {
    return active != null && powered && servicesStarted >= (active.controlPlane() ? CP_SERVICES : WORKER_SERVICES).size()
        && fleet.clusterBootstrapped(active.clusterName());
  }

  /** The SMBIOS UUID the node reports (SystemInformation). */
  public synchronized String hardwareUuid() {
    return hardwareUuid;
  }

  /** Another machine now answers at this address: new hardware, wiped, in maintenance mode. */
  public synchronized void replaceHardware(String uuid) {
    hardwareUuid = uuid;
    onDisk = null;
    reboot("hardware replaced");
  }

  /** The installer images this node's world holds and the versions they were built as. */
  SimImages images() {
    return fleet.spec().images();
  }

  public synchronized boolean maintenance() {
    return active == null;
  }

  public synchronized boolean up() {
    return powered && listener.serving();
  }

  public synchronized Optional<MachineConfigView> activeConfig() {
    return Optional.ofNullable(active);
  }

  public synchronized Optional<MachineConfigView> persistentConfig() {
    return Optional.ofNullable(persistent);
  }

  /** The config saved on the STATE partition, which the next boot loads. */
  public synchronized Optional<MachineConfigView> stateConfig() {
    return Optional.ofNullable(onDisk);
  }
  public synchronized String versionTag() {
    return versionTag;
  }

  public synchronized boolean controlPlane() {
    return active != null && active.controlPlane();
  }

  public synchronized String clusterName() {
    return active == null ? "" : active.clusterName();
  }

  public synchronized String hostname() {
    return active == null ? "talos-" + address.replace('.', '-') : active.hostname().orElse(name);
  }

  synchronized boolean etcdJoined() {
    return etcdJoined;
  }

  synchronized long memberId() {
    return memberId;
  }

  synchronized boolean etcdLearner() {
    return etcdLearner;
  }

  public synchronized List<SimService> services() {
    boolean bootstrapped = active != null && fleet.clusterBootstrapped(active.clusterName());
    return SimServices.of(active, servicesStarted, failingService, etcdJoined, bootstrapped);
  }

  public synchronized MachineStage stage() {
    if (!powered) {
      return MachineStage.REBOOTING;
    }
    if (active == null) {
      return MachineStage.MAINTENANCE;
    }
    if (rebootPending) {
      // the API keeps answering until the node goes down; a legacy upgrade installs first
      return upgrading ? MachineStage.UPGRADING : MachineStage.REBOOTING;
    }
    int total = (active.controlPlane() ? CP_SERVICES : WORKER_SERVICES).size();
    if (servicesStarted < total) {
      return MachineStage.BOOTING;
    }
    return active.controlPlane() && !etcdJoined ? MachineStage.BOOTING : MachineStage.RUNNING;
  }

  /** Unmet readiness conditions, by Talos's names; empty means ready. */
  public synchronized List<String[]> unmetConditions() {
    return SimReadiness.unmet(this);
  }

  public synchronized boolean ready() {
    MachineStage s = stage();
    return s == MachineStage.RUNNING && unmetConditions().isEmpty();
  }

  public synchronized void inject(Fault f) {
    faults.put(f);
    if (f.kind() == Fault.Kind.REFUSE) {
      listener.stop();
    } else if (f.kind() == Fault.Kind.FLAP) {
      faults.flap(clock(), f.duration(), this, () -> {
        if (powered) {
          powerOff(false);
        } else {
          powerOn();
        }
      });
    }
  }

  public synchronized void clear(Fault.Kind kind) {
    if (faults.remove(kind).isPresent() && kind == Fault.Kind.REFUSE && powered) {
      listener.start();
    }
  }

  synchronized Optional<Fault> fault(Fault.Kind kind) {
    return faults.get(kind);
  }

  /** Boots the node the first time: into maintenance, or with a preinstalled config. */
  synchronized void boot(MachineConfigView preinstalled, boolean bootstrapped) {
    active = preinstalled;
    onDisk = preinstalled;
    persistent = null; // loaded from STATE alone: the acquire controller sets only the active config
    powered = true;
    listener.start();
    if (preinstalled != null) {
      servicesStarted = (preinstalled.controlPlane() ? CP_SERVICES : WORKER_SERVICES).size();
      etcdJoined = preinstalled.controlPlane() && bootstrapped;
    }
  }

  /** The node goes away now; when {@code comeBack}, it boots again after the reboot time. */
  synchronized void powerOff(boolean comeBack) {
    if (!powered) {
      return;
    }
    powered = false;
    rebootPending = false;
    upgrading = false;
    bootGeneration++;
    listener.stop();
    listener.forgetMaintenanceIdentity();
    fleet.record().add(clock().now(), name, SimRecord.Type.DOWN, "");
    tryTimer.cancel();
    active = onDisk; // a TRY config was never persisted; a STAGED one takes effect now
    persistent = null; // the next boot loads from STATE alone
    if (active == null) {
      etcdJoined = false;
    }
    if (pendingVersion != null && !faults.has(Fault.Kind.OLD_VERSION)) {
      versionTag = pendingVersion;
    }
    pendingVersion = null;
    servicesStarted = 0;
    failingService = faults.get(Fault.Kind.UNHEALTHY).map(Fault::service).orElse("");
    if (comeBack && !faults.has(Fault.Kind.NEVER_RETURN)) {
      clock().schedule(fleet.timing().reboot(), this::powerOn);
    }
  }

  synchronized void powerOn() {
    if (powered) {
      return;
    }
    powered = true;
    if (!faults.has(Fault.Kind.REFUSE)) {
      listener.start();
    }
    fleet.record().add(clock().now(), name, SimRecord.Type.UP, versionTag);
    int gen = bootGeneration;
    if (active != null) {
      int total = (active.controlPlane() ? CP_SERVICES : WORKER_SERVICES).size();
      for (int i = 1; i <= total; i++) {
        int n = i;
        clock().schedule(fleet.timing().serviceStep().multipliedBy(i), () -> startService(gen, n));
      }
    }
  }

  private synchronized void startService(int gen, int count) {
    if (gen != bootGeneration || !powered) {
      return;
    }
    servicesStarted = Math.max(servicesStarted, count);
    if (active != null && active.controlPlane() && servicesStarted >= CP_SERVICES.indexOf("etcd") + 1
        && !etcdJoined && fleet.clusterBootstrapped(active.clusterName())) {
      joinEtcd();
    }
  }

  /** Called by the fleet when a control plane of this node's cluster bootstrapped etcd. */
  synchronized void clusterBootstrapped() {
    if (active != null && active.controlPlane() && powered && !etcdJoined
        && servicesStarted >= CP_SERVICES.indexOf("etcd") + 1) {
      joinEtcd();
    }
  }

  /** Without etcd data it joins as a learner with a new member id, promoted later (services/etcd.go). */
  private void joinEtcd() {
    etcdJoined = true;
    etcdLearner = true;
    memberId = new Random(memberId).nextLong() & Long.MAX_VALUE | 1L;
    clock().schedule(fleet.timing().serviceStep().multipliedBy(2), () -> promote()); // a rejoin is a learner again
  }

  private synchronized void promote() {
    etcdLearner = false;
  }

  /** Schedules a reboot right after the current answer is sent. */
  synchronized void reboot(String why) {
    rebootPending = true;
    fleet.record().add(clock().now(), name, SimRecord.Type.REBOOT, why);
    clock().schedule(Duration.ZERO, () -> powerOff(true));
  }

  synchronized void bootstrap() {
    SimEtcd.requireBootstrapAllowed(active != null && servicesStarted >= CP_SERVICES.indexOf("cri") + 1,
        active != null && active.controlPlane(), etcdJoined);
    fleet.record().add(clock().now(), name, SimRecord.Type.BOOTSTRAP, active.clusterName());
    etcdJoined = true;
    fleet.bootstrapped(active.clusterName(), this);
  }

  /** Wipes the node: after the reboot it is back in maintenance mode with no config. */
  synchronized void reset() {
    onDisk = null;
    reboot("reset");
  }

  /**
   * The legacy MachineService/Upgrade sequence: stage {@code upgrading} (cordon, drain, install)
   * while the API still answers, then the reboot into {@code builtAs}.
   */
  synchronized void upgradeAndReboot(String image, String builtAs) {
    stageUpgrade(image, builtAs);
    upgrading = true;
    reboot("upgrade");
  }

  /** Records the new installer image and the version it was built as; it shows after a reboot. */
  synchronized void stageUpgrade(String image, String builtAs) {
    pendingVersion = builtAs;
    fleet.record().add(clock().now(), name, SimRecord.Type.UPGRADE, image);
  }

  /** Applies a config; the node's answer (mode and details) or a gRPC error. */
  ApplyHandler.Outcome apply(byte[] data, ApplyHandler.Request req) {
    return new ApplyHandler(this).apply(data, req);
  }

  synchronized boolean rebootPending() {
    return rebootPending;
  }

  synchronized void setPersistent(MachineConfigView cfg) {
    persistent = cfg;
    onDisk = cfg;
  }

  synchronized void setActive(MachineConfigView cfg) {
    active = cfg;
    listener.configChanged(); // apid follows its certificates live (apid/pkg/provider)
  }

  /** The node's Talos API listener: apid's certificates and whether it waits for them. */
  NodeListener apid() {
    return listener;
  }

  synchronized void startTry(MachineConfigView previous, Duration timeout) {
    tryTimer.start(clock(), timeout, () -> {
      synchronized (this) {
        setActive(previous);
        fleet.record().add(clock().now(), name, SimRecord.Type.TRY_REVERTED, "");
      }
    });
  }

  synchronized void cancelTry() {
    tryTimer.cancel();
  }

  /** Leaves maintenance: the config is installed and the node reboots into it. */
  synchronized void install(MachineConfigView cfg) {
    persistent = cfg;
    onDisk = cfg;
    rebootPending = true;
    clock().schedule(Duration.ZERO, () -> powerOff(true));
  }

  void close() {
    listener.stop();
  }

  @Override
  public String toString() {
    return "SimulatedNode[" + name + " " + address + "]";
  }
}
