package dev.plumb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of STYLE.md §6.1. */
class ArchitectureTest {
  static JavaClasses main;

  @BeforeAll
  static void load() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.plumb");
  }

  @Test
  void fleetDependsOnNothingElseInPlumb() {
    noClasses().that().resideInAPackage("dev.plumb.fleet..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.plumb.talos..", "dev.plumb.sim..", "dev.plumb.cli..", "dev.plumb.render..",
            "dev.plumb.plan..", "dev.plumb.rollout..", "dev.plumb.daemon..", "dev.plumb.source..")
        .check(main);
  }

  @Test
  void talosDependsOnlyOnFleet() {
    noClasses().that().resideInAPackage("dev.plumb.talos..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.plumb.sim..", "dev.plumb.cli..", "dev.plumb.render..", "dev.plumb.plan..",
            "dev.plumb.rollout..", "dev.plumb.daemon..", "dev.plumb.source..", "dev.plumb.observe..",
            "dev.plumb.report..", "dev.plumb.server..", "dev.plumb.kube..")
        .check(main);
  }

  @Test
  void renderIsPure() {
    noClasses().that().resideInAPackage("dev.plumb.render..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.plumb.talos..", "dev.plumb.sim..", "dev.plumb.cli..", "dev.plumb.kube..",
            "dev.plumb.rollout..", "dev.plumb.server..", "dev.plumb.daemon..", "io.grpc..", "io.fabric8..",
            "org.eclipse.jgit..", "java.net.http..", "java.net.http")
        .check(main);
    noClasses().that().resideInAPackage("dev.plumb.render..").should().dependOnClassesThat()
        .haveFullyQualifiedName("java.net.Socket").orShould().dependOnClassesThat()
        .haveFullyQualifiedName("java.net.URL").check(main);
  }

  @Test
  void onlyTheCliUsesTheSimulator() {
    noClasses().that().resideOutsideOfPackages("dev.plumb.sim..", "dev.plumb.cli..").should()
        .dependOnClassesThat().resideInAPackage("dev.plumb.sim..").check(main);
  }

  @Test
  void noCatchAllPackages() {
    noClasses().should().resideInAnyPackage("..util..", "..common..", "..helper..", "..manager..")
        .allowEmptyShould(true).check(new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.plumb.fleet", "dev.plumb.sim", "dev.plumb.cli", "dev.plumb.render",
                "dev.plumb.source", "dev.plumb.plan", "dev.plumb.rollout", "dev.plumb.daemon"));
  }
}
