package io.backchannel.benchmarks.stack;

import io.backchannel.NonBlocking;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;

/**
 * {@link BenchEcho} doing no work beyond the round trip. Thread-safe. Its future, stream and
 * channel methods return at once, so they are marked {@link NonBlocking} as an application would
 * mark them; the synchronous {@code echo} runs on a virtual thread, as every plain method does.
 */
public final class BenchEchoImpl implements BenchEcho {
  @Override
  public byte[] echo(byte[] data) {
    return data;
  }

  @Override
  @NonBlocking
  public CompletableFuture<byte[]> echoAsync(byte[] data) {
    return CompletableFuture.completedFuture(data);
  }

  @Override
  @NonBlocking
  public Flux<byte[]> stream(int count, int size) {
    byte[] item = new byte[size];
    return Flux.range(0, count).map(i -> item);
  }

  @Override
  @NonBlocking
  public Flux<byte[]> channel(Flux<byte[]> items) {
    return items;
  }
}
