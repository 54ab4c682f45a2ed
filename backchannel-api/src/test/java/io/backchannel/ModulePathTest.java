package io.backchannel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/**
 * This module's tests run on the module path (see its pom): the classes under test live in the
 * named module, so the descriptor is the one users get.
 */
class ModulePathTest {

  @Test
  void testsRunInsideTheNamedModule() {
    Module module = BackchannelException.class.getModule();

    assertThat(module.isNamed()).isTrue();
    assertThat(module.getName()).isEqualTo("io.backchannel.api");
    assertThat(getClass().getModule()).isSameAs(module);
  }

  @Test
  void onlyTheApiPackageIsExported() {
    ModuleDescriptor descriptor = BackchannelException.class.getModule().getDescriptor();

    assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.backchannel");
    assertThat(descriptor.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name).contains("org.jspecify");
  }
}
