package dev.plumb.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.talos.EtcdMember;
import dev.plumb.talos.EtcdMemberStatus;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.ServiceStatus;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How the observer reads Talos's answers: schematic, MACs, and the etcd view (known, unknown, never joined). */
class ObservedFactsTest {
  static final NodeTarget T = NodeTarget.direct(new dev.plumb.talos.Endpoint("127.0.0.9", 50000));

  @Test
  void theSchematicIsTheVersionOfTheSchematicExtension() {
    String ext = "image: 000.sqsh\nmetadata:\n    name: iscsi-tools\n    version: v0.1.6\n    author: Sidero Labs\n";
    String schematic = "image: \"\"\nmetadata:\n    name: schematic\n    version: 376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba\n"
        + "    author: Image Factory (https://factory.talos.dev)\n";
    assertThat(ImageSchematic.of(List.of(ext, schematic)))
        .isEqualTo("376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba");
    assertThat(ImageSchematic.of(List.of(ext))).isEmpty();
    assertThat(ImageSchematic.inImage("factory.talos.dev/metal-installer/"
        + "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9"))
        .startsWith("376567988ad3");
    assertThat(ImageSchematic.inImage("ghcr.io/siderolabs/installer:v1.13.9")).isEmpty();
  }

  @Test
  void macsComeFromTheLinksHardwareAndPermanentAddresses() {
    List<String> links = List.of("index: 1\ntype: loopback\nhardwareAddr: 00:00:00:00:00:00\n",
        "index: 2\ntype: ether\nhardwareAddr: 52:54:00:AA:BB:01\npermanentAddr: 52:54:00:aa:bb:02\n");
    assertThat(HardwareIdentity.macs(links)).containsExactly("52:54:00:aa:bb:01", "52:54:00:aa:bb:02");
  }

  @Test
  void anErrorIsUnknownButAnEtcdWaitingToJoinIsAPositiveNone() {
    TalosException down = new TalosException(TalosException.Kind.UNREACHABLE, "n", "connection refused");
    TalosException notFound = new TalosException(TalosException.Kind.NOT_FOUND, "n", "doesn't exist");
    Map<String, Function<Object[], Object>> preparing = Map.of(
        "etcdMembers", a -> { throw down; },
        "services", a -> List.of(new ServiceStatus("etcd", "Preparing", false, "Running pre state")),
        "resourceYaml", a -> { throw notFound; });
    assertThat(EtcdReader.read(fake(preparing), T).positivelyNone()).isTrue();

    Map<String, Function<Object[], Object>> running = Map.of(
        "etcdMembers", a -> { throw down; },
        "services", a -> List.of(new ServiceStatus("etcd", "Running", false, "Health check failed")),
        "resourceYaml", a -> { throw notFound; });
    EtcdView afterPowerLoss = EtcdReader.read(fake(running), T);
    assertThat(afterPowerLoss.known()).isFalse();
    assertThat(afterPowerLoss.error()).contains("connection refused");

    Map<String, Function<Object[], Object>> ok = Map.of(
        "etcdMembers", a -> List.of(new EtcdMember(1, "cp-1", List.of(), false), new EtcdMember(2, "cp-2", List.of(), true)),
        "etcdStatus", a -> new EtcdMemberStatus(2, 1, 10, List.of()),
        "etcdAlarms", a -> { throw new TalosException(TalosException.Kind.UNIMPLEMENTED, "n", "unknown method"); });
    EtcdView v = EtcdReader.read(fake(ok), T);
    assertThat(v.known()).isTrue();
    assertThat(v.learner()).isTrue();
    assertThat(v.voters()).extracting(EtcdMember::hostname).containsExactly("cp-1");
    // an unreadable alarm list is said, but is no etcd error: the member stays healthy
    assertThat(v.errors()).isEmpty();
    assertThat(v.error()).contains("alarms not readable");
  }

  private static TalosClient fake(Map<String, Function<Object[], Object>> answers) {
    return (TalosClient) Proxy.newProxyInstance(TalosClient.class.getClassLoader(), new Class<?>[] {TalosClient.class},
        (p, m, a) -> {
          Function<Object[], Object> f = answers.get(m.getName());
          if (f == null) {
            throw new TalosException(TalosException.Kind.OTHER, "n", m.getName() + " not faked");
          }
          return f.apply(a);
        });
  }
}
