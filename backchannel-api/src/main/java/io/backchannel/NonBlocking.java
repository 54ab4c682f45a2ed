package io.backchannel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves a method on the I/O thread that received the call instead of on a worker thread, saving
 * a thread hand-off per call. A promise that the method returns at once and never blocks; only
 * methods returning {@code CompletableFuture}, {@code Mono} or {@code Flux} may make it.
 *
 * <p>On an interface method, or on an implementation's method, it marks that method; on an
 * interface or an implementation class, every method of it that returns one of those types
 * (its other methods keep running on worker threads). Exporting a service whose {@code
 * void} or plain-valued method is marked fails. Callers ignore it.
 *
 * <p>Blocking inside such a method stalls every connection served by that I/O thread: a
 * synchronous Backchannel call made there fails at once with an {@code IllegalStateException}.
 * Completions of the returned future or publisher may happen on any thread.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NonBlocking {}
