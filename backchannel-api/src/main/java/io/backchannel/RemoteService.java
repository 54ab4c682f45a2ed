package io.backchannel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java interface as callable over Backchannel.
 *
 * <p>Each method is reachable at the route {@code <service>.<method>}, where the service name is
 * {@link #value()} or, when empty, the interface's simple name. The call style follows the method
 * signature: a plain return type is a blocking request-response, {@code CompletableFuture} and
 * {@code Mono} are asynchronous, a {@code Flux} result is a request-stream, a {@code Flux}
 * parameter a request-channel, and {@link FireAndForget} marks a fire-and-forget {@code void}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RemoteService {
  /** The service name used in routes; defaults to the interface's simple name. */
  String value() default "";
}
