package io.backchannel.testing;

import io.backchannel.FireAndForget;
import io.backchannel.RemoteService;
import io.backchannel.Route;
import io.backchannel.Timeout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The service every behavioural test calls; {@link GreeterImpl} records what the handler saw. */
@RemoteService
public interface Greeter {
  String hello(String name);

  @Route("helloTwice")
  String hello(String name, int times);

  void touch();

  CompletableFuture<String> helloAsync(String name);

  Mono<String> helloMono(String name);

  /** {@link #block} behind a future. */
  CompletableFuture<String> blockAsync(long millis);

  @FireAndForget
  void remember(String note);

  Flux<Integer> count(int n);

  /** Emits numbers as fast as demand allows and counts them in the implementation. */
  Flux<Integer> firehose();

  Flux<String> upper(String prefix, Flux<String> words);

  String fail(String message) throws GreetingException;

  String failUnchecked(String message);

  /**
   * Blocks until {@link #release}d ({@code "finished"}), interrupted ({@code "interrupted"}) or
   * until {@code millis} pass ({@code "timed out"}, a bound for tests that go wrong).
   */
  String block(long millis);

  /** Lets every running and later {@link #block} call finish. */
  void release();

  @Timeout(150)
  String blockWithAnnotatedDeadline(long millis);

  /** The handler's view of its call: remaining budget in ms, request id and MDC request id, caller. */
  List<String> context();

  String echoPayload(byte[] payload);

  /** How many {@link #block} calls are running now. */
  int blocking();

  /** How the handler's blocking calls ended so far (what {@link #block} returned). */
  List<String> outcomes();

  /** Calls back to the caller's {@link Greeter} over the same connection. */
  String callBack(String name);
}
