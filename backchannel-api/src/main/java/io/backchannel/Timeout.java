package io.backchannel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of calls to a method (or to every method of an interface), counted from the moment
 * the call starts. It overrides the peer's default; a per-call deadline overrides both, and a call
 * made inside a handler never outlives the handler's own deadline.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Timeout {
  /** The budget, positive. */
  long value();

  /** The unit of {@link #value()}. */
  TimeUnit unit() default TimeUnit.MILLISECONDS;
}
