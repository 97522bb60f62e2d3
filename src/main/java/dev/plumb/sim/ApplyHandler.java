package dev.plumb.sim;

import dev.plumb.talos.ApplyMode;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;

/**
 * ApplyConfiguration as machined processes it (talos-api.md §4.1): refuse while a reboot-apply is
 * pending, parse, choose the mode by the simulator's own model of CanApplyImmediate
 * ({@link TalosImmediateRule}), then save and activate as the mode says. Maintenance mode is
 * internal/app/maintenance/server.go: only AUTO, REBOOT and TRY are accepted, the answer carries
 * no mode (so REBOOT, the proto default) and no details, and a dry run says only that the node has
 * no config yet.
 */
final class ApplyHandler {
  static final Duration DEFAULT_TRY_TIMEOUT = Duration.ofMinutes(1);

  /** The request as the node sees it; {@code admin} is whether the caller holds os:admin. */
  record Request(ApplyMode mode, boolean dryRun, Duration tryTimeout, boolean admin) {}

  /** The node's answer: the mode used and the human-readable details. */
  record Outcome(ApplyMode mode, String details) {}

  private final SimulatedNode node;

  ApplyHandler(SimulatedNode node) {
    this.node = node;
  }

  Outcome apply(byte[] data, Request req) {
    synchronized (node) {
      if (node.rebootPending()) {
        throw Status.FAILED_PRECONDITION.withDescription(
            "configuration was already applied and node is rebooting, please wait for the reboot to"
                + " complete").asRuntimeException();
      }
      boolean maintenance = node.maintenance();
      if (!maintenance && !req.admin()) {
        throw Status.PERMISSION_DENIED.withDescription("not authorized").asRuntimeException();
      }
      if (req.mode() != ApplyMode.TRY && !req.dryRun()) {
        node.cancelTry();
      }
      if (maintenance && (req.mode() == ApplyMode.NO_REBOOT || req.mode() == ApplyMode.STAGED)) {
        throw Status.UNIMPLEMENTED.withDescription("apply configuration --mode='"
            + req.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + "' is not supported in maintenance mode").asRuntimeException();
      }
      MachineConfigView next = load(data, maintenance);
      if (!maintenance && !next.hasV1alpha1()) {
        throw Status.INVALID_ARGUMENT.withDescription("config is missing the v1alpha1 document")
            .asRuntimeException();
      }
      requireUsableCa(next);
      return maintenance ? maintenanceApply(next, req) : normalApply(next, req);
    }
  }

  /**
   * Loads and validates as Talos does. Configured node (v1alpha1_runtime.go LoadAndValidateConfig,
   * answered as InvalidArgument by the machine API): "failed to parse config: ..." or "failed to
   * validate config: ...". Maintenance (internal/app/maintenance/server.go): a load error goes back
   * unwrapped, so gRPC answers Unknown; a validation error is InvalidArgument "configuration
   * validation failed: ...".
   */
  private MachineConfigView load(byte[] data, boolean maintenance) {
    try {
      return TalosConfigLoader.load(data, node.versionTag());
    } catch (TalosConfigLoader.Refused e) {
      boolean parse = e.stage() == TalosConfigLoader.Stage.PARSE;
      Status status = maintenance && parse ? Status.UNKNOWN : Status.INVALID_ARGUMENT;
      String prefix = parse ? "failed to parse config: "
          : maintenance ? "configuration validation failed: " : "failed to validate config: ";
      throw status.withDescription(prefix + e.getMessage()).asRuntimeException();
    }
  }

  /** The simulator needs the OS CA to serve mTLS; a real node would accept the config and fail later. */
  private static void requireUsableCa(MachineConfigView cfg) {
    if (!cfg.hasV1alpha1()) {
      return;
    }
    try {
      if (cfg.caCertPem().isEmpty() || cfg.caCert().isEmpty()) {
        throw new IllegalArgumentException("no machine.ca.crt");
      }
    } catch (RuntimeException e) {
      throw Status.INVALID_ARGUMENT.withDescription(
          "1 error occurred:\n\t* machine.ca: a valid certificate is required").asRuntimeException();
    }
  }

  /** The maintenance server hands the config to the acquire controller; the node installs and reboots. */
  private Outcome maintenanceApply(MachineConfigView next, Request req) {
    if (req.dryRun()) {
      node.fleet().record().add(node.clock().now(), node.name(), SimRecord.Type.DRY_RUN, ApplyMode.REBOOT.name());
      return new Outcome(ApplyMode.REBOOT,
          "Dry run summary:\nNode is running in maintenance mode and does not have a config yet.");
    }
    record(ApplyMode.REBOOT);
    node.ledger().recordApplied(next.raw());
    node.install(next);
    return new Outcome(ApplyMode.REBOOT, "");
  }

  private Outcome normalApply(MachineConfigView next, Request req) {
    MachineConfigView current = node.activeConfig().orElseThrow();
    Optional<String> rebootReason =
        TalosImmediateRule.refusal(TypedConfig.of(current), TypedConfig.of(next));
    Duration tryTimeout = req.tryTimeout() == null || req.tryTimeout().isZero()
        ? DEFAULT_TRY_TIMEOUT : req.tryTimeout();
    ApplyMode used = switch (req.mode()) {
      case AUTO -> rebootReason.isPresent() ? ApplyMode.REBOOT : ApplyMode.NO_REBOOT;
      default -> req.mode();
    };
    if ((used == ApplyMode.NO_REBOOT || used == ApplyMode.TRY) && rebootReason.isPresent()) {
      throw Status.INVALID_ARGUMENT.withDescription(rebootReason.get()).asRuntimeException();
    }
    String details = details(used, tryTimeout);
    if (req.dryRun()) {
      return dryRun(used, details, current, next);
    }
    if (req.mode() == ApplyMode.AUTO && used == ApplyMode.REBOOT) {
      details = details + ": " + rebootReason.get();
    }
    record(used);
    node.ledger().recordApplied(next.raw());
    switch (used) {
      case REBOOT -> {
        node.setPersistent(next);
        node.reboot("apply");
      }
      case NO_REBOOT -> {
        node.setPersistent(next);
        node.setActive(next);
      }
      case STAGED -> node.setPersistent(next);
      case TRY -> {
        node.setActive(next);
        node.startTry(current, tryTimeout);
      }
      default -> throw new IllegalStateException("unhandled: " + used);
    }
    return new Outcome(used, details);
  }

  private void record(ApplyMode used) {
    node.fleet().record().add(node.clock().now(), node.name(), SimRecord.Type.APPLY, used.name());
  }

  /** The config diff is Talos's configdiff of the running and the submitted config, both re-encoded. */
  private Outcome dryRun(ApplyMode used, String details, MachineConfigView before, MachineConfigView after) {
    node.fleet().record().add(node.clock().now(), node.name(), SimRecord.Type.DRY_RUN, used.name());
    String diff = TalosConfigDiff.dryRun(before == null ? null : TypedConfig.of(before), TypedConfig.of(after));
    return new Outcome(used, "Dry run summary:\n" + details + " (skipped in dry-run).\nConfig diff:\n\n" + diff);
  }

  static String details(ApplyMode used, Duration tryTimeout) {
    return switch (used) {
      case REBOOT -> "Applied configuration with a reboot";
      case NO_REBOOT, AUTO -> "Applied configuration without a reboot";
      case STAGED -> "Staged configuration to be applied after the next reboot";
      case TRY -> "Applied configuration without a reboot\nThe config is applied in 'try' mode and"
          + " will be automatically reverted back in " + tryTimeout.toSeconds() + "s";
    };
  }
}
