package dev.plumb.server;

import dev.plumb.render.sops.Sensitive;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The netboot config server (Matchbox-style): a machine booting Talos with
 * {@code talos.config=http://PLUMB:PORT/netboot/v1/CLUSTER/config?uuid=${uuid}&mac=${mac}} gets
 * the machine config plumb rendered for it from the last good revision, found by the hardware
 * identity Git declares for it (plumb.yaml {@code identities}). Talos fills in {@code ${uuid}}
 * (SMBIOS) and {@code ${mac}} (the first link's address) itself.
 * <ul>
 *   <li>a machine whose identity Git does not declare gets 404: plumb never guesses;
 *   <li>an identity that points at two nodes (the UUID of one, the MAC of another), or that
 *       contradicts what Git declares for the node, gets 409: never one node's config to another;
 *   <li>with a token configured for the cluster, the URL must carry {@code &token=...}, else 403,
 *       checked before anything is looked up, so that no answer tells whether a machine is known.
 * </ul>
 */
public final class NetbootEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(NetbootEndpoint.class);
  /** The route; {@code cluster} is a path parameter. */
  public static final String PATH = "/netboot/v1/{cluster}/config";

  /** One node Git declares: its rendered config and the identity a booting machine must show. */
  public record Machine(String cluster, String hostname, String uuid, List<String> macs, Sensitive<byte[]> config) {
    public Machine {
      uuid = uuid.toLowerCase(Locale.ROOT);
      macs = macs.stream().map(NetbootEndpoint::mac).toList();
    }
  }

  /** What to answer: a status, and the config only with 200. */
  public record Reply(int status, String message, Optional<Sensitive<byte[]>> config) {}

  private final Supplier<List<Machine>> machines;
  private final Map<String, Sensitive<byte[]>> tokens;

  /**
   * @param machines the nodes of the last rendered (good) revision, read at each request
   * @param tokens per cluster, the token its URLs must carry; clusters without one need none
   */
  public NetbootEndpoint(Supplier<List<Machine>> machines, Map<String, Sensitive<byte[]>> tokens) {
    this.machines = machines;
    this.tokens = Map.copyOf(tokens);
  }

  public Reply serve(String cluster, String uuid, String mac, String token, String from) {
    Sensitive<byte[]> want = tokens.get(cluster);
    if (want != null && !MessageDigest.isEqual(want.reveal(), token == null ? new byte[0]
        : token.getBytes(StandardCharsets.UTF_8))) {
      return reply(403, "cluster " + cluster + ": a valid token is required in the URL (&token=...)", from);
    }
    String u = uuid == null ? "" : uuid.strip().toLowerCase(Locale.ROOT);
    String m = mac == null ? "" : mac(mac);
    if (u.isEmpty() && m.isEmpty()) {
      return reply(400, "give the machine's identity: ?uuid=${uuid}&mac=${mac} (Talos fills both in)", from);
    }
    List<Machine> found = new ArrayList<>();
    for (Machine x : machines.get()) {
      if (x.cluster().equals(cluster) && ((!u.isEmpty() && u.equals(x.uuid())) || (!m.isEmpty() && x.macs().contains(m)))
          && !found.contains(x)) {
        found.add(x);
      }
    }
    String who = "uuid " + (u.isEmpty() ? "-" : u) + ", mac " + (m.isEmpty() ? "-" : m);
    if (found.isEmpty()) {
      return reply(404, "cluster " + cluster + ": no node declares " + who + " (plumb.yaml identities)", from);
    }
    if (found.size() > 1) {
      return reply(409, "cluster " + cluster + ": " + who + " matches nodes " + found.get(0).hostname() + " and "
          + found.get(1).hostname() + "; no config served", from);
    }
    Machine x = found.get(0);
    boolean uuidClash = !u.isEmpty() && !x.uuid().isEmpty() && !u.equals(x.uuid());
    boolean macClash = !m.isEmpty() && !x.macs().isEmpty() && !x.macs().contains(m);
    if (uuidClash || macClash) {
      return reply(409, "cluster " + cluster + ": " + who + " does not match what Git declares for node "
          + x.hostname() + "; no config served", from);
    }
    LOG.info("netboot: served the config of {}/{} to {} ({})", cluster, x.hostname(), from, who);
    return new Reply(200, "config of " + x.hostname(), Optional.of(x.config()));
  }

  /** A MAC in lower case with colons ({@code 52-54-00-AA-BB-CC} and {@code 525400aabbcc} too). */
  static String mac(String raw) {
    String hex = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "");
    if (hex.length() != 12) {
      return raw.strip().toLowerCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i += 2) {
      sb.append(i == 0 ? "" : ":").append(hex, i, i + 2);
    }
    return sb.toString();
  }

  private static Reply reply(int status, String message, String from) {
    LOG.warn("netboot: refused {} ({}): {}", from, status, message);
    return new Reply(status, message, Optional.empty());
  }
}
