package io.backchannel.core.internal.service;

/** The RSocket interaction and the caller-side shape a method signature maps to. */
public enum CallStyle {
  /** {@code T m(..)} or {@code void m(..)}: request-response; the caller's thread waits. */
  BLOCKING,
  /** {@code CompletableFuture<T> m(..)}: request-response, completed off the I/O thread. */
  FUTURE,
  /** {@code Mono<T> m(..)}: request-response, sent on subscription. */
  MONO,
  /** {@code @FireAndForget void m(..)}: fire-and-forget. */
  FIRE_AND_FORGET,
  /** {@code Flux<T> m(..)}: request-stream. */
  STREAM,
  /** {@code Flux<T> m(.., Flux<U> in, ..)}: request-channel. */
  CHANNEL
}
