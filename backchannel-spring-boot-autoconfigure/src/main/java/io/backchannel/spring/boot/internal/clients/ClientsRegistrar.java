package io.backchannel.spring.boot.internal.clients;

import io.backchannel.RemoteService;
import io.backchannel.spring.boot.EnableBackchannelClients;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a {@link ClientFactoryBean} for each interface {@link EnableBackchannelClients} lists
 * or finds; the bean is named after the interface's full name, so two services of the same simple
 * name in two packages do not clash.
 */
public final class ClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {
  private @Nullable Environment environment;
  private @Nullable ResourceLoader resourceLoader;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setResourceLoader(ResourceLoader resourceLoader) {
    this.resourceLoader = resourceLoader;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    AnnotationAttributes attributes = Objects.requireNonNull(
        AnnotationAttributes.fromMap(metadata.getAnnotationAttributes(EnableBackchannelClients.class.getName())));
    Set<String> interfaces = new LinkedHashSet<>();
    for (Class<?> client : attributes.getClassArray("clients")) {
      interfaces.add(client.getName());
    }
    Set<String> packages = new LinkedHashSet<>(List.of(attributes.getStringArray("basePackages")));
    for (Class<?> marker : attributes.getClassArray("basePackageClasses")) {
      packages.add(ClassUtils.getPackageName(marker));
    }
    ClassPathScanningCandidateComponentProvider scanner = scanner();
    for (String basePackage : packages) {
      for (BeanDefinition found : scanner.findCandidateComponents(basePackage)) {
        interfaces.add(Objects.requireNonNull(found.getBeanClassName()));
      }
    }
    ClassLoader classLoader = Objects.requireNonNull(Objects.requireNonNull(resourceLoader).getClassLoader());
    for (String name : interfaces) {
      Class<?> type = ClassUtils.resolveClassName(name, classLoader);
      if (!type.isInterface() || !type.isAnnotationPresent(RemoteService.class)) {
        throw new IllegalArgumentException("@EnableBackchannelClients: " + name + " is not a @RemoteService interface");
      }
      if (!registry.containsBeanDefinition(name)) {
        registry.registerBeanDefinition(name, definition(type));
      }
    }
  }

  private static RootBeanDefinition definition(Class<?> type) {
    RootBeanDefinition definition = new RootBeanDefinition(ClientFactoryBean.class);
    definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
    // Lets Spring match the bean by its product's type before it creates the factory.
    definition.setTargetType(ResolvableType.forClassWithGenerics(ClientFactoryBean.class, type));
    definition.setAttribute(org.springframework.beans.factory.FactoryBean.OBJECT_TYPE_ATTRIBUTE, type);
    return definition;
  }

  private ClassPathScanningCandidateComponentProvider scanner() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false, Objects.requireNonNull(environment)) {
      @Override
      protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
        return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
      }
    };
    scanner.setResourceLoader(Objects.requireNonNull(resourceLoader));
    scanner.addIncludeFilter(new AnnotationTypeFilter(RemoteService.class));
    return scanner;
  }
}
