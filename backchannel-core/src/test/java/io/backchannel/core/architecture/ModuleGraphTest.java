package io.backchannel.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Core as a named module, as users on the module path get it. The suite runs on the class path, so
 * this test builds a module layer from the compiled module and its dependencies.
 */
class ModuleGraphTest {
  private static final String CORE = "io.backchannel.core";

  @Test
  void onlyApiAndSpiPackagesAreExported() {
    Module core = coreLayer().findModule(CORE).orElseThrow();

    assertThat(core.getDescriptor().exports()).filteredOn(ModuleDescriptor.Exports::isQualified)
        .allSatisfy(export -> assertThat(export.targets()).allMatch(target -> target.startsWith("io.backchannel.transport.")));
    assertThat(core.getDescriptor().exports()).filteredOn(export -> !export.isQualified())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder(CORE, CORE + ".auth", CORE + ".cluster", CORE + ".codec", CORE + ".node", CORE + ".observe",
            CORE + ".transport");
    assertThat(core.getPackages()).filteredOn(p -> p.startsWith(CORE + ".internal"))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(core.isExported(p)).as(p).isFalse()); // to everyone, that is
  }

  @Test
  void transportsAreFoundThroughTheModuleGraph() throws Exception {
    ModuleLayer layer = coreLayer();
    Class<?> transports = layer.findLoader(CORE).loadClass(CORE + ".transport.Transports");

    // On the module path ServiceLoader reads `uses`/`provides`, not META-INF/services.
    Object factory = transports.getMethod("forUri", URI.class).invoke(null, URI.create("tcp://127.0.0.1:7000"));

    assertThat(factory.getClass().getModule().getName()).isEqualTo(CORE);
    assertThat(factory.getClass().getModule().getLayer()).isSameAs(layer);
    assertThat(factory.getClass().getSimpleName()).isEqualTo("NettyTransportFactory");
  }

  /** A layer with core and what it requires, from the main jars and module directories on the class path. */
  private static ModuleLayer coreLayer() {
    Path[] entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .filter(p -> Files.exists(p.resolve("module-info.class"))
            || (p.toString().endsWith(".jar") && !p.toString().endsWith("-tests.jar") // test-jars: split packages
                // Test tools: resolving one automatic module resolves every observable one.
                && !p.getFileName().toString().startsWith("jazzer")))
        .toArray(Path[]::new);
    ModuleLayer boot = ModuleLayer.boot();
    // System modules the boot layer did not load (jdk.crypto.ec, for Nimbus) are found after ours.
    Configuration configuration = boot.configuration().resolve(ModuleFinder.of(entries), ModuleFinder.ofSystem(), Set.of(CORE));
    return boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
  }
}
