package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our compiled .proto files against every row of ../shared/reference/talos-wire.tsv that belongs
 * to the methods we declare and the messages and enums they reach: same method kinds and types,
 * same field numbers and types, same enum values; and no field of ours that Talos lacks.
 */
class ProtoWireTest {
  static final List<String> REQUIRED_METHODS = List.of(
      "machine.MachineService/ApplyConfiguration", "machine.MachineService/Version",
      "machine.MachineService/Hostname", "machine.MachineService/Reboot",
      "machine.MachineService/Bootstrap", "machine.MachineService/ServiceList",
      "machine.MachineService/EtcdMemberList", "machine.MachineService/EtcdStatus",
      "machine.MachineService/EtcdAlarmList", "machine.MachineService/EtcdLeaveCluster",
      "machine.MachineService/EtcdRemoveMemberByID", "machine.MachineService/Read",
      "machine.MachineService/Kubeconfig", "machine.MachineService/Upgrade",
      "machine.MachineService/Reset", "machine.LifecycleService/Upgrade",
      "machine.ImageService/Pull", "cosi.resource.State/Get", "cosi.resource.State/List",
      "cosi.resource.State/Watch");

  record Row(String kind, String name, String number, String type) {}

  static final Map<String, Row> ROWS = new HashMap<>();
  static final Map<String, MethodDescriptor> METHODS = new HashMap<>();
  static final Map<String, Descriptor> MESSAGES = new HashMap<>();
  static final Map<String, EnumDescriptor> ENUMS = new HashMap<>();

  @BeforeAll
  static void load() throws IOException {
    Path tsv = Path.of("../shared/reference/talos-wire.tsv");
    for (String line : Files.readAllLines(tsv)) {
      String[] c = line.split("\t");
      if (c.length == 4 && !c[0].equals("kind")) {
        ROWS.put(c[0] + " " + c[1], new Row(c[0], c[1], c[2], c[3]));
      }
    }
    for (FileDescriptor f : List.of(
        dev.plumb.talos.api.machine.MachineApi.getDescriptor(),
        dev.plumb.talos.api.machine.LifecycleApi.getDescriptor(),
        dev.plumb.talos.api.machine.ImageApi.getDescriptor(),
        dev.plumb.talos.api.cosi.StateProto.getDescriptor(),
        dev.plumb.talos.api.resource.config.ConfigProto.getDescriptor(),
        dev.plumb.talos.api.resource.definitions.runtime.RuntimeProto.getDescriptor(),
        dev.plumb.talos.api.resource.definitions.v1alpha1.V1Alpha1Proto.getDescriptor(),
        dev.plumb.talos.api.resource.definitions.etcd.EtcdProto.getDescriptor(),
        dev.plumb.talos.api.resource.definitions.k8s.K8sProto.getDescriptor(),
        dev.plumb.talos.api.resource.definitions.network.NetworkProto.getDescriptor())) {
      index(f);
    }
  }

  private static void index(FileDescriptor f) {
    for (ServiceDescriptor s : f.getServices()) {
      for (MethodDescriptor m : s.getMethods()) {
        METHODS.put(s.getFullName() + "/" + m.getName(), m);
      }
    }
    f.getMessageTypes().forEach(ProtoWireTest::indexMessage);
    f.getEnumTypes().forEach(e -> ENUMS.put(e.getFullName(), e));
    f.getDependencies().forEach(ProtoWireTest::index);
  }

  private static void indexMessage(Descriptor d) {
    if (d.getOptions().getMapEntry()) {
      return;
    }
    MESSAGES.put(d.getFullName(), d);
    d.getNestedTypes().forEach(ProtoWireTest::indexMessage);
    d.getEnumTypes().forEach(e -> ENUMS.put(e.getFullName(), e));
  }

  @Test
  void declaresEveryMethodPlumbUsesWithTalosKindsAndTypes() {
    for (String name : REQUIRED_METHODS) {
      Row row = ROWS.get("method " + name);
      assertThat(row).as("talos-wire.tsv row for %s", name).isNotNull();
      MethodDescriptor m = METHODS.get(name);
      assertThat(m).as("our declaration of %s", name).isNotNull();
      String kind = m.isServerStreaming() ? "server-streaming" : "unary";
      assertThat(kind + " " + m.getInputType().getFullName() + "->" + m.getOutputType().getFullName())
          .as(name).isEqualTo(row.type());
    }
  }

  @Test
  void everyMethodWeDeclareExistsInTalos() {
    for (var e : METHODS.entrySet()) {
      assertThat(ROWS).as("Talos has %s", e.getKey()).containsKey("method " + e.getKey());
    }
  }

  @Test
  void everyReachableMessageMatchesTalosFieldForField() {
    Set<String> reached = reachable();
    assertThat(reached).contains("machine.ApplyConfigurationRequest", "common.Metadata",
        "google.rpc.Status", "cosi.resource.Metadata", "machine.ImageServicePullLayerProgress");
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Row row : ROWS.values()) {
      if (!row.kind().equals("field")) {
        continue;
      }
      int dot = row.name().lastIndexOf('.');
      String msg = row.name().substring(0, dot);
      if (!reached.contains(msg)) {
        continue;
      }
      Descriptor d = MESSAGES.get(msg);
      FieldDescriptor f = d.findFieldByName(row.name().substring(dot + 1));
      if (f == null) {
        problems.add("missing field " + row.name());
        continue;
      }
      checked++;
      if (f.getNumber() != Integer.parseInt(row.number())) {
        problems.add(row.name() + ": number " + f.getNumber() + ", Talos " + row.number());
      }
      if (!typeOf(f).equals(row.type())) {
        problems.add(row.name() + ": type " + typeOf(f) + ", Talos " + row.type());
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).isGreaterThan(150);
  }

  @Test
  void noFieldOfOursIsMissingFromTalos() {
    List<String> invented = new ArrayList<>();
    for (Descriptor d : MESSAGES.values()) {
      if (d.getFullName().startsWith("google.protobuf.")) {
        continue;
      }
      for (FieldDescriptor f : d.getFields()) {
        if (!ROWS.containsKey("field " + d.getFullName() + "." + f.getName())) {
          invented.add(d.getFullName() + "." + f.getName());
        }
      }
    }
    assertThat(invented).isEmpty();
  }

  @Test
  void everyEnumValueMatchesTalos() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (EnumDescriptor e : ENUMS.values()) {
      if (e.getFullName().startsWith("google.protobuf.")) {
        continue;
      }
      for (EnumValueDescriptor v : e.getValues()) {
        Row row = ROWS.get("enum " + e.getFullName() + "." + v.getName());
        if (row == null) {
          problems.add("not in Talos: " + e.getFullName() + "." + v.getName());
        } else if (Integer.parseInt(row.number()) != v.getNumber()) {
          problems.add(e.getFullName() + "." + v.getName() + " = " + v.getNumber() + ", Talos " + row.number());
        }
        checked++;
      }
      for (Row row : ROWS.values()) {
        if (row.kind().equals("enum") && row.type().equals(e.getFullName())
            && e.findValueByName(row.name().substring(row.name().lastIndexOf('.') + 1)) == null) {
          problems.add("missing enum value " + row.name());
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).isGreaterThan(40);
  }

  private static Set<String> reachable() {
    Set<String> seen = new TreeSet<>();
    List<Descriptor> todo = new ArrayList<>();
    for (MethodDescriptor m : METHODS.values()) {
      todo.add(m.getInputType());
      todo.add(m.getOutputType());
    }
    for (Descriptor d : MESSAGES.values()) {
      if (d.getFullName().startsWith("talos.resource.") || d.getFullName().startsWith("resource.")) {
        todo.add(d);
      }
    }
    while (!todo.isEmpty()) {
      Descriptor d = todo.remove(todo.size() - 1);
      if (!seen.add(d.getFullName())) {
        continue;
      }
      for (FieldDescriptor f : d.getFields()) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField()) {
          todo.add(f.getMessageType());
        }
      }
    }
    return seen;
  }

  private static String typeOf(FieldDescriptor f) {
    if (f.isMapField()) {
      Descriptor entry = f.getMessageType();
      return "map<" + scalar(entry.findFieldByName("key")) + "," + scalar(entry.findFieldByName("value")) + ">";
    }
    String base = scalar(f);
    if (f.isRepeated()) {
      return "repeated " + base;
    }
    var oneof = f.getRealContainingOneof();
    if (oneof != null) {
      return base + " (oneof " + oneof.getName() + ")";
    }
    if (f.hasOptionalKeyword()) {
      return "optional " + base;
    }
    return base;
  }

  private static String scalar(FieldDescriptor f) {
    return switch (f.getType()) {
      case MESSAGE -> f.getMessageType().getFullName();
      case ENUM -> f.getEnumType().getFullName();
      default -> f.getType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
