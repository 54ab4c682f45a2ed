package io.backchannel.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.backchannel.core.Peer;
import org.junit.jupiter.api.Test;

/** Package structure of the main code of backchannel-api and backchannel-core. */
class ArchitectureTest {
  private static final JavaClasses MAIN_CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.backchannel");

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.backchannel.(**)").should().beFreeOfCycles().check(MAIN_CLASSES);
  }

  /**
   * Internal packages serve the peer; they must not reach back into its facade, nor into anything
   * else of the root package (Peer, PeerBuilder, CallOptions...): collaborators get what they need
   * through their constructors.
   */
  @Test
  void internalPackagesDoNotDependOnThePeer() {
    noClasses().that().resideInAPackage("io.backchannel.core.internal..")
        .should().dependOnClassesThat().belongToAnyOf(Peer.class)
        .check(MAIN_CLASSES);
    noClasses().that().resideInAPackage("io.backchannel.core.internal..")
        .should().dependOnClassesThat().resideInAPackage("io.backchannel.core")
        .check(MAIN_CLASSES);
  }

  /** The public packages never expose or use the implementation, except the facade that wires it. */
  @Test
  void apiPackagesDoNotDependOnInternals() {
    noClasses().that().resideInAnyPackage("io.backchannel", "io.backchannel.core.node", "io.backchannel.core.auth",
            "io.backchannel.core.codec", "io.backchannel.core.observe", "io.backchannel.core.transport",
            "io.backchannel.core.cluster")
        .should().dependOnClassesThat().resideInAPackage("io.backchannel.core.internal..")
        .check(MAIN_CLASSES);
  }
}
