package io.backchannel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a method's route segment instead of the Java method name; required to tell overloads
 * apart, since a route names exactly one method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Route {
  /** The method part of the route: letters, digits, {@code _} and {@code -}. */
  String value();
}
