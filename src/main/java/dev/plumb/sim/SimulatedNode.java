package dev.plumb.sim;

import dev.plumb.talos.MachineStage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
  private volatile String address; // two machines can swap addresses (Fault.Kind.SWAP)
  private final SimulatedFleet fleet;
  private final NodeListener listener;
  private final NodeFaults faults = new NodeFaults();
  private String hardwareUuid;
  private final NodeLedger ledger = new NodeLedger();
  private final SimResourceVersions resourceVersions = new SimResourceVersions();

  private MachineConfigView active;
  private MachineConfigView persistent; // resource "persistent": an apply in this boot (config/acquire.go)
  private MachineConfigView onDisk; // the config on STATE, which a boot loads
  private final NodeInstall install;
  private final NodeEtcd etcd = new NodeEtcd();
  private boolean upgrading;
  private boolean powered;
  private boolean rebootPending;
  private int servicesStarted;
  private String failingService = "";
  private final TryTimer tryTimer = new TryTimer();
  private int bootGeneration;

  SimulatedNode(String name, String address, SimulatedFleet fleet, String versionTag, long seed) {
    this.name = name;
    this.address = address;
    this.fleet = fleet;
    this.install = new NodeInstall(versionTag);
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
    wipe(false);
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
    return install.version();
  }

  /** What is installed and booted: version, installer image, boot id. */
  public NodeInstall install() {
    return install;
  }

  void moveTo(String newAddress) { // two machines swap addresses (Fault.Kind.SWAP)
    address = newAddress;
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

  /** This node's side of etcd: its data directory and member id. */
  NodeEtcd etcd() {
    return etcd;
  }

  SimEtcdCluster etcdCluster() {
    return fleet.etcd(clusterName());
  }

  public synchronized List<SimService> services() {
    boolean bootstrapped = active != null && fleet.clusterBootstrapped(active.clusterName());
    return SimServices.of(active, servicesStarted, failingService, SimServices.etcdState(etcd,
        faults.has(Fault.Kind.ETCD_DOWN), faults.has(Fault.Kind.TIME_UNSYNCED)), bootstrapped);
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
    return active.controlPlane() && !etcd.hasData() && !etcd.stopped() ? MachineStage.BOOTING : MachineStage.RUNNING;
  }

  /** Unmet readiness conditions, by Talos's names; empty means ready. */
  public synchronized List<String[]> unmetConditions() {
    return SimReadiness.unmet(this);
  }

  public synchronized boolean ready() {
    MachineStage s = stage();
    return s == MachineStage.RUNNING && unmetConditions().isEmpty();
  }

  public void inject(Fault f) {
    if (!LifeFaults.inject(this, f)) {
      injectHeld(f);
    }
  }

  private synchronized void injectHeld(Fault f) {
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
    clusterBootstrapped(); // etcd may start now
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
      install.installed(preinstalled);
      servicesStarted = (preinstalled.controlPlane() ? CP_SERVICES : WORKER_SERVICES).size();
      if (preinstalled.controlPlane() && bootstrapped) {
        etcd.joined(etcdCluster().addVoter(this));
      }
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
      etcd.wiped();
    }
    etcd.newBoot();
    install.boot(faults.has(Fault.Kind.OLD_VERSION));
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
    fleet.record().add(clock().now(), name, SimRecord.Type.UP, install.version());
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
        && !etcd.hasData() && fleet.clusterBootstrapped(active.clusterName())
        && !faults.has(Fault.Kind.TIME_UNSYNCED) && !faults.has(Fault.Kind.ETCD_DOWN)) {
      joinEtcd(); // etcd starts only once time is in sync (its service condition)
    }
  }

  /** Called by the fleet when a control plane of this node's cluster bootstrapped etcd, or a fault cleared. */
  synchronized void clusterBootstrapped() {
    startService(bootGeneration, servicesStarted);
  }

  /** Without etcd data it joins as a learner with a new member id, promoted later (services/etcd.go). */
  private void joinEtcd() {
    SimEtcdCluster cluster = etcdCluster();
    long id = cluster.join(this);
    etcd.joined(id);
    clock().schedule(fleet.timing().serviceStep().multipliedBy(2), () -> cluster.promote(id)); // a rejoin is a learner again
  }

  /** Schedules a reboot right after the current answer is sent. */
  synchronized void reboot(String why) {
    rebootPending = true;
    fleet.record().add(clock().now(), name, SimRecord.Type.REBOOT, why);
    clock().schedule(fleet.timing().goingDown(), () -> powerOff(true));
  }

  synchronized void bootstrap() {
    SimEtcd.requireBootstrapAllowed(active != null && servicesStarted >= CP_SERVICES.indexOf("cri") + 1,
        active != null && active.controlPlane(), !faults.has(Fault.Kind.TIME_UNSYNCED), etcd.hasData());
    fleet.record().add(clock().now(), name, SimRecord.Type.BOOTSTRAP, active.clusterName());
    etcd.joined(etcdCluster().bootstrap(this));
    fleet.bootstrapped(active.clusterName(), this);
  }


  /** The disk is wiped (EPHEMERAL always, STATE unless {@code keepState}); the node reboots. */
  synchronized void wipe(boolean keepState) {
    etcd.wiped();
    if (!keepState) {
      onDisk = null;
    }
    reboot(keepState ? "wipe (state kept)" : "wipe");
  }

  /**
   * Records the new installer image and the version it was built as; it shows after a reboot. With
   * {@code upgradeNow} it is the legacy Upgrade: stage {@code upgrading} (cordon, drain, install)
   * while the API still answers, then the reboot.
   */
  synchronized void stageUpgrade(String image, String builtAs, boolean upgradeNow) {
    install.stage(image, builtAs);
    fleet.record().add(clock().now(), name, SimRecord.Type.UPGRADE, image);
    if (upgradeNow) {
      upgrading = true;
      reboot("upgrade");
    }
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
    install.installed(cfg);
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
