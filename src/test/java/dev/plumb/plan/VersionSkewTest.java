package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.kube.KubeVersion;
import dev.plumb.observe.KubeImages;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The version rules of a Kubernetes upgrade: path, skew policy, Talos's supported range. */
class VersionSkewTest {
  static KubeVersion v(String s) {
    return KubeVersion.parse(s).orElseThrow();
  }

  @Test
  void oneMinorAtATimeAndPatchesEitherWayWithinAMinor() {
    assertThat(VersionSkew.path(v("v1.33.4"), v("v1.34.1"))).isEmpty();
    assertThat(VersionSkew.path(v("v1.34.2"), v("v1.34.1"))).isEmpty();
    assertThat(VersionSkew.path(v("1.33"), v("v1.35.0"))).hasValueSatisfying(r -> assertThat(r)
        .contains("skips a minor version").contains("upgrade to 1.34 first"));
    assertThat(VersionSkew.path(v("v1.34.1"), v("v1.33.9"))).hasValueSatisfying(r -> assertThat(r)
        .contains("downgrade of the minor version").contains("1.34->1.33"));
  }

  @Test
  void kubeletsAreNeverNewerAndAtMostThreeMinorsOlderFrom128On() {
    assertThat(VersionSkew.skew(v("v1.34.1"), Map.of("w", v("v1.31.0")), Map.of())).isEmpty();
    assertThat(VersionSkew.skew(v("v1.34.1"), Map.of("w", v("v1.30.9")), Map.of())).singleElement()
        .asString().contains("more than 3 minors older");
    assertThat(VersionSkew.skew(v("v1.27.1"), Map.of("w", v("v1.24.0")), Map.of())).singleElement()
        .asString().contains("more than 2 minors older");
    assertThat(VersionSkew.skew(v("v1.34.1"), Map.of("w", v("v1.35.0")), Map.of())).singleElement()
        .asString().contains("never newer than the API server");
  }

  @Test
  void controllerManagerAndSchedulerAtMostOneMinorOlderAndNeverNewer() {
    KubeImages old = new KubeImages("ghcr.io/siderolabs/kubelet:v1.34.1", "registry.k8s.io/kube-apiserver:v1.34.1",
        "registry.k8s.io/kube-controller-manager:v1.32.0", "registry.k8s.io/kube-scheduler:v1.35.0", "");
    assertThat(VersionSkew.skew(v("v1.34.1"), Map.of(), Map.of("cp-1", old))).hasSize(2)
        .anySatisfy(r -> assertThat(r).contains("kube-controller-manager v1.32.0, more than one minor older"))
        .anySatisfy(r -> assertThat(r).contains("kube-scheduler v1.35.0, newer than the API server"));
  }

  @Test
  void talosReleasesSupportTheirRangeOnly() {
    assertThat(VersionSkew.talosSupports("cp-1", "v1.13.9", v("v1.36.0"))).isEmpty();
    assertThat(VersionSkew.talosSupports("cp-1", "v1.11.2", v("v1.35.0"))).hasValueSatisfying(r -> assertThat(r)
        .isEqualTo("cp-1: Talos v1.11.2 supports Kubernetes 1.29 through 1.34, not v1.35.0 (upgrade Talos first)"));
    assertThat(VersionSkew.talosSupports("cp-1", "v1.13.9", v("v1.30.4"))).isPresent();
  }
}
