package io.backchannel.testing;

import io.backchannel.core.CallContext;
import io.backchannel.core.Peer;
import io.backchannel.core.node.Target;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Greeter that records what its handlers saw, for tests to assert on. */
public final class GreeterImpl implements Greeter {
  private final String name;
  public final Queue<String> notes = new ConcurrentLinkedQueue<>();
  public final Queue<String> outcomes = new ConcurrentLinkedQueue<>();
  public final Queue<Thread> handlerThreads = new ConcurrentLinkedQueue<>();
  public final AtomicInteger touched = new AtomicInteger();
  public final AtomicInteger emitted = new AtomicInteger();
  private final AtomicInteger blocking = new AtomicInteger();
  public final CountDownLatch blockStarted = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  /** The peer this implementation is exported by, for handlers that call back. */
  public volatile Peer peer;

  public GreeterImpl(String name) {
    this.name = name;
  }

  @Override
  public String hello(String who) {
    handlerThreads.add(Thread.currentThread());
    return "hello " + who + " from " + name;
  }

  @Override
  public String hello(String who, int times) {
    return (hello(who) + ";").repeat(times);
  }

  @Override
  public void touch() {
    touched.incrementAndGet();
  }

  @Override
  public CompletableFuture<String> helloAsync(String who) {
    return CompletableFuture.supplyAsync(() -> hello(who));
  }

  @Override
  public CompletableFuture<String> blockAsync(long millis) {
    return CompletableFuture.supplyAsync(() -> block(millis), task -> Thread.ofVirtual().start(task));
  }

  @Override
  public Mono<String> helloMono(String who) {
    return Mono.fromSupplier(() -> hello(who));
  }

  @Override
  public void remember(String note) {
    notes.add(note);
  }

  @Override
  public Flux<Integer> count(int n) {
    return Flux.range(1, n);
  }

  @Override
  public Flux<Integer> firehose() {
    return Flux.generate(sink -> sink.next(emitted.incrementAndGet()));
  }

  @Override
  public Flux<String> upper(String prefix, Flux<String> words) {
    return words.map(w -> prefix + w.toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public String fail(String message) throws GreetingException {
    throw new GreetingException(message);
  }

  @Override
  public String failUnchecked(String message) {
    throw new IllegalArgumentException(message);
  }

  @Override
  public String block(long millis) {
    blocking.incrementAndGet();
    blockStarted.countDown();
    try {
      if (!released.await(millis, TimeUnit.MILLISECONDS)) {
        outcomes.add("timed out");
        return "timed out";
      }
      outcomes.add("finished");
      return "finished";
    } catch (InterruptedException e) {
      outcomes.add("interrupted");
      return "interrupted";
    } finally {
      blocking.decrementAndGet();
    }
  }

  @Override
  public void release() {
    released.countDown();
  }

  @Override
  public int blocking() {
    return blocking.get();
  }

  @Override
  public String blockWithAnnotatedDeadline(long millis) {
    return block(millis);
  }

  @Override
  public List<String> context() {
    CallContext call = CallContext.current().orElseThrow();
    return List.of(
        Long.toString(call.remaining().toMillis()), call.requestId(), String.valueOf(MDC.get("requestId")),
        call.remoteNode(), call.route());
  }

  @Override
  public List<String> outcomes() {
    return List.copyOf(outcomes);
  }

  @Override
  public String echoPayload(byte[] payload) {
    return payload.length + " bytes";
  }

  @Override
  public String callBack(String who) {
    String caller = CallContext.current().orElseThrow().remoteNode();
    return "via callback: " + peer.proxy(Greeter.class, Target.node(caller)).hello(who);
  }
}
