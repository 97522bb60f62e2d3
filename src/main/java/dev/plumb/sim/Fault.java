package dev.plumb.sim;

import dev.plumb.fleet.PlumbException;
import java.time.Duration;
import java.util.Locale;

/**
 * One injected fault. Written on the command line as {@code kind[:arg]}: {@code refuse},
 * {@code slow:5s}, {@code hang}, {@code never-return}, {@code unhealthy:kubelet},
 * {@code old-version}, {@code flap:10s}, {@code in-band-error}, {@code etcd-down}, {@code swap:NODE},
 * {@code schematic:ID}, {@code wipe}, {@code wipe-keep-state}, {@code time-unsynced}, {@code etcd-alarm:NOSPACE}. The text
 * argument (a service, a node, a schematic id) is {@link #service()}, also named {@link #arg()}.
 */
public record Fault(Kind kind, Duration duration, String service) {

  public enum Kind {
    /** The listener is closed: connections are refused until the fault is cleared. */
    REFUSE,
    /** Every answer is held back for the duration. */
    SLOW,
    /** Calls are never answered. */
    HANG,
    /** After the next power-off the node never comes back. */
    NEVER_RETURN,
    /** After the next boot the service fails, so the node never becomes ready. */
    UNHEALTHY,
    /** The next reboot keeps the old Talos version even when an upgrade was asked for. */
    OLD_VERSION,
    /** The node goes away and comes back every duration. */
    FLAP,
    /** Calls answer OK but carry this node's error in-band, as a proxying endpoint reports it. */
    IN_BAND_ERROR,
    /** The node is up, its etcd service stopped: the member does not serve. */
    ETCD_DOWN,
    /** This node and the named one answer at each other's addresses (swapped leases). */
    SWAP,
    /** The node reports another Image Factory schematic than the image it was installed from. */
    SCHEMATIC,
    /** The disk is wiped blank: the node reboots into maintenance mode; its etcd member stays, stale. */
    WIPE,
    /** EPHEMERAL is wiped, STATE kept: the node reboots configured with its old config, without etcd data. */
    WIPE_KEEP_STATE,
    /** The time-sync condition is unmet: etcd and kubelet wait, Bootstrap says "time is not in sync yet". */
    TIME_UNSYNCED,
    /** etcd raises an alarm on this node's member: NOSPACE (the default) or CORRUPT. */
    ETCD_ALARM
  }

  /** The text argument: the service, node or schematic id the fault names. */
  public String arg() {
    return service;
  }

  public static Fault of(Kind kind) {
    return new Fault(kind, Duration.ZERO, "");
  }

  public static Fault slow(Duration d) {
    return new Fault(Kind.SLOW, d, "");
  }

  public static Fault flap(Duration period) {
    return new Fault(Kind.FLAP, period, "");
  }

  public static Fault unhealthy(String service) {
    return new Fault(Kind.UNHEALTHY, Duration.ZERO, service);
  }

  /** Parses {@code kind[:arg]}. */
  public static Fault parse(String spec) {
    String[] parts = spec.trim().split(":", 2);
    String arg = parts.length > 1 ? parts[1] : "";
    Kind kind;
    try {
      kind = Kind.valueOf(parts[0].toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new PlumbException("unknown fault '" + parts[0] + "'; expected one of refuse, slow:DUR,"
          + " hang, never-return, unhealthy:SERVICE, old-version, flap:DUR, in-band-error, etcd-down,"
          + " swap:NODE, schematic:ID, wipe, wipe-keep-state, time-unsynced, etcd-alarm:NOSPACE|CORRUPT");
    }
    return switch (kind) {
      case SLOW, FLAP -> new Fault(kind, duration(arg, spec), "");
      case UNHEALTHY -> new Fault(kind, Duration.ZERO, arg.isEmpty() ? "kubelet" : arg);
      case ETCD_ALARM -> {
        String type = arg.isBlank() ? "NOSPACE" : arg.trim().toUpperCase(Locale.ROOT);
        if (!type.equals("NOSPACE") && !type.equals("CORRUPT")) {
          throw new PlumbException("fault '" + spec + "': expected etcd-alarm:NOSPACE or etcd-alarm:CORRUPT");
        }
        yield new Fault(kind, Duration.ZERO, type);
      }
      case SWAP, SCHEMATIC -> {
        if (arg.isBlank()) {
          throw new PlumbException("fault '" + spec + "': expected " + (kind == Kind.SWAP
              ? "swap:NODE, the node to swap addresses with" : "schematic:ID, the schematic id to report"));
        }
        yield new Fault(kind, Duration.ZERO, arg.trim());
      }
      default -> of(kind);
    };
  }

  static Duration duration(String s, String spec) {
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new PlumbException("fault '" + spec + "': expected a duration such as 500ms, 5s or 1m");
    }
  }
}
