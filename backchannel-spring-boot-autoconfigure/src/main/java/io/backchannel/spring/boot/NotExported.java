package io.backchannel.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a bean that implements a {@code @RemoteService} interface from being exported by the
 * starter. Put it on the bean's class or on its {@code @Bean} method; {@code
 * backchannel.export.excluded-beans} does the same by bean name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NotExported {}
