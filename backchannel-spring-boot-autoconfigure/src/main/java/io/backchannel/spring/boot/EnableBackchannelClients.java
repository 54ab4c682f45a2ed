package io.backchannel.spring.boot;

import io.backchannel.spring.boot.internal.clients.ClientsRegistrar;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Registers a proxy bean for each {@code @RemoteService} interface listed in {@link #clients} or
 * found in {@link #basePackages} / {@link #basePackageClasses}, so that remote services are
 * injected like any bean. Each proxy's target comes from {@code backchannel.clients.<service>.*}
 * (the service name, as in {@code @RemoteService}), else {@link TargetStrategy#DEFAULT}: the dialed
 * link if {@code backchannel.connect.uri} (or {@code uris}) is set, else the least loaded node exporting the service.
 * Scan only packages of services this application calls: an interface it also implements would
 * give two beans of that type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(ClientsRegistrar.class)
public @interface EnableBackchannelClients {
  /** Packages to scan for {@code @RemoteService} interfaces. */
  String[] basePackages() default {};

  /** Packages to scan, named by a class in each. */
  Class<?>[] basePackageClasses() default {};

  /** Interfaces to proxy, besides those scanned. */
  Class<?>[] clients() default {};
}
