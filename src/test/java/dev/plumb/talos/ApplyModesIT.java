package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ApplyConfiguration modes as machined resolves and performs them. */
class ApplyModesIT {
  SimHarness sim;
  TalosClient c;
  NodeTarget w1;
  String base;

  @BeforeEach
  void start() {
    sim = SimHarness.preconfigured(2, 1);
    c = sim.client("os:admin");
    w1 = sim.direct("worker-1");
    base = new String(c.machineConfig(w1), StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private byte[] liveChange() {
    return base.replace("  certSANs: []", "  certSANs: []\n  sysctls:\n    net.core.somaxconn: '65535'")
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] rebootChange() {
    return base.replace("  certSANs: []", "  certSANs: []\n  files:\n  - path: /var/etc/x\n    content: y\n"
        + "    permissions: 420\n    op: create").getBytes(StandardCharsets.UTF_8);
  }

  private String active() {
    return new String(c.machineConfig(w1), StandardCharsets.UTF_8);
  }

  @Test
  void autoAppliesALiveChangeWithoutAReboot() {
    ApplyResult r = c.applyConfiguration(w1, liveChange(), ApplyMode.AUTO, false, null);
    assertThat(r.mode()).isEqualTo(ApplyMode.NO_REBOOT);
    sim.rebootAndBoot();
    assertThat(sim.fleet.record().events(SimRecord.Type.REBOOT)).isEmpty();
    assertThat(active()).contains("somaxconn");
  }

  @Test
  void autoRebootsForAChangeThatNeedsIt() {
    ApplyResult r = c.applyConfiguration(w1, rebootChange(), ApplyMode.AUTO, false, null);
    assertThat(r.mode()).isEqualTo(ApplyMode.REBOOT);
    assertThat(r.reboots()).isTrue();
    assertThat(r.details()).startsWith("Applied configuration with a reboot: this config change can't be applied"
        + " in immediate mode\ndiff:\n--- a\n+++ b");
    assertThatThrownBy(() -> c.applyConfiguration(w1, rebootChange(), ApplyMode.AUTO, false, null))
        .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PRECONDITION))
        .hasMessageContaining("node is rebooting");
    sim.clock.runDue();
    assertThatThrownBy(() -> c.version(w1)).isInstanceOf(NodeUnreachableException.class);
    sim.rebootAndBoot();
    assertThat(active()).contains("/var/etc/x");
    assertThat(c.machineStatus(w1).up()).isTrue();
  }

  @Test
  void noRebootRefusesAChangeThatNeedsOne() {
    assertThatThrownBy(() -> c.applyConfiguration(w1, rebootChange(), ApplyMode.NO_REBOOT, false, null))
        .isInstanceOf(ApplyRejectedException.class)
        .hasMessageContaining("can't be applied in immediate mode");
    assertThat(active()).isEqualTo(base);
  }

  @Test
  void stagedTakesEffectAtTheNextReboot() {
    ApplyResult r = c.applyConfiguration(w1, rebootChange(), ApplyMode.STAGED, false, null);
    assertThat(r.mode()).isEqualTo(ApplyMode.STAGED);
    assertThat(r.details()).isEqualTo("Staged configuration to be applied after the next reboot");
    assertThat(active()).isEqualTo(base);
    // internal/app/machined/pkg/controllers/config/acquire.go: a boot from STATE alone sets no "persistent";
    // the staged apply sets it (SetPersistedConfig), the active config stays
    assertThat(new String(sim.fleet.node("worker-1").persistentConfig().orElseThrow().raw(), StandardCharsets.UTF_8))
        .contains("/var/etc/x");
    c.reboot(w1, RebootMode.DEFAULT);
    sim.rebootAndBoot();
    assertThat(active()).contains("/var/etc/x");
    assertThat(sim.fleet.node("worker-1").persistentConfig()).isEmpty();
  }

  @Test
  void tryIsRevertedAfterItsTimeoutUnlessConfirmed() {
    assertThat(sim.fleet.node("worker-1").persistentConfig()).as("no apply since boot").isEmpty();
    ApplyResult r = c.applyConfiguration(w1, liveChange(), ApplyMode.TRY, false, Duration.ofSeconds(30));
    // TRY sets only the active config (v1alpha1_server.go: SetConfig, RollbackToConfigAfter), never persists it
    assertThat(sim.fleet.node("worker-1").persistentConfig()).isEmpty();
    assertThat(new String(sim.fleet.node("worker-1").stateConfig().orElseThrow().raw(), StandardCharsets.UTF_8))
        .isEqualTo(base);
    assertThat(r.mode()).isEqualTo(ApplyMode.TRY);
    assertThat(r.details()).endsWith("will be automatically reverted back in 30s");
    assertThat(active()).contains("somaxconn");
    sim.advance(Duration.ofSeconds(31));
    assertThat(active()).isEqualTo(base);
    assertThat(sim.fleet.record().events(SimRecord.Type.TRY_REVERTED)).hasSize(1);

    c.applyConfiguration(w1, liveChange(), ApplyMode.TRY, false, Duration.ofSeconds(30));
    c.applyConfiguration(w1, liveChange(), ApplyMode.NO_REBOOT, false, null);
    sim.advance(Duration.ofSeconds(31));
    assertThat(active()).contains("somaxconn");
    assertThat(sim.fleet.record().events(SimRecord.Type.TRY_REVERTED)).hasSize(1);
  }

  @Test
  void tryIsRefusedForAChangeThatNeedsAReboot() {
    assertThatThrownBy(() -> c.applyConfiguration(w1, rebootChange(), ApplyMode.TRY, false, null))
        .isInstanceOf(ApplyRejectedException.class);
  }

  @Test
  void dryRunReturnsTheDiffAndChangesNothing() {
    ApplyResult r = c.applyConfiguration(w1, liveChange(), ApplyMode.AUTO, true, null);
    assertThat(r.mode()).isEqualTo(ApplyMode.NO_REBOOT);
    assertThat(r.details()).startsWith("Dry run summary:\nApplied configuration without a reboot (skipped in"
        + " dry-run).\nConfig diff:\n\n--- a\n+++ b\n@@");
    // Talos re-encodes the typed config (configdiff): go-yaml v3 double-quotes a string that reads as a number
    assertThat(r.details()).contains("+        net.core.somaxconn: \"65535\"\n");
    assertThat(r.warnings()).isEmpty();
    assertThat(active()).isEqualTo(base);
    ApplyResult same = c.applyConfiguration(w1, base.getBytes(StandardCharsets.UTF_8), ApplyMode.AUTO, true, null);
    assertThat(same.details()).endsWith("Config diff:\n\nNo changes.");
    // the documents in another order and the keys of a mapping swapped: the typed configs are the same
    String[] docs = base.split("---\n");
    String reordered = docs[1] + "---\n" + docs[0].replace("version: v1alpha1\n", "") + "version: v1alpha1\n";
    assertThat(reordered).isNotEqualTo(base);
    ApplyResult moved = c.applyConfiguration(w1, reordered.getBytes(StandardCharsets.UTF_8), ApplyMode.AUTO, true, null);
    assertThat(moved.details()).endsWith("Config diff:\n\nNo changes.");
    assertThat(sim.fleet.record().events(SimRecord.Type.APPLY)).isEmpty();
  }

  @Test
  void aConfigTalosRefusesIsRefusedAndTheNodeKeepsItsConfig() {
    byte[] persistentBefore = sim.fleet.node("worker-1").stateConfig().orElseThrow().raw();
    // types/network/hostname.go V1Alpha1ConflictValidate, through container/validate.go
    byte[] stable = base.replace("  certSANs: []", "  certSANs: []\n  features:\n    stableHostname: true")
        .getBytes(StandardCharsets.UTF_8);
    for (ApplyMode mode : ApplyMode.values()) {
      assertThatThrownBy(() -> c.applyConfiguration(w1, stable, mode, false, null))
          .isInstanceOf(ApplyRejectedException.class)
          .hasMessageEndingWith("config rejected: failed to validate config: 1 error occurred:\n"
              + "\t* stable hostname is already set in v1alpha1 config\n\n");
    }
    byte[] unknownKey = base.replace("  certSANs: []", "  certSANs: []\n  sysctl: {}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> c.applyConfiguration(w1, unknownKey, ApplyMode.AUTO, false, null))
        .isInstanceOf(ApplyRejectedException.class)
        .hasMessageContaining("failed to parse config: error decoding document /v1alpha1/ (line 1): unknown keys"
            + " found during decoding:\nmachine:\n    sysctl: {}");
    sim.rebootAndBoot();
    assertThat(active()).isEqualTo(base);
    assertThat(sim.fleet.node("worker-1").stateConfig().orElseThrow().raw()).isEqualTo(persistentBefore);
    assertThat(sim.fleet.node("worker-1").persistentConfig()).isEmpty();
    assertThat(sim.fleet.record().events(SimRecord.Type.APPLY)).isEmpty();
    assertThat(sim.fleet.record().events(SimRecord.Type.REBOOT)).isEmpty();
  }

  @Test
  void anInvalidConfigIsRejectedWithTheReason() {
    byte[] bad = base.replace("type: worker", "type: potato").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> c.applyConfiguration(w1, bad, ApplyMode.AUTO, false, null))
        // v1alpha1_validation.go, wrapped by container/validate.go and LoadAndValidateConfig
        .isInstanceOf(ApplyRejectedException.class).hasMessageContaining("failed to validate config: 1 error occurred:\n"
            + "\t* v1alpha1.Config: 1 error occurred:\n\t* unknown machine type \"potato\"");
    byte[] noV1 = "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: x\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> c.applyConfiguration(w1, noV1, ApplyMode.AUTO, false, null))
        .isInstanceOf(ApplyRejectedException.class).hasMessageContaining("missing the v1alpha1 document");
  }

  @Test
  void applyNeedsAdminOutsideMaintenance() {
    TalosClient operator = sim.client("os:operator");
    assertThatThrownBy(() -> operator.applyConfiguration(w1, liveChange(), ApplyMode.AUTO, false, null))
        .isInstanceOfSatisfying(TalosException.class,
            e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PERMISSION_DENIED))
        .hasMessageContaining("needs the role os:admin");
  }
}
