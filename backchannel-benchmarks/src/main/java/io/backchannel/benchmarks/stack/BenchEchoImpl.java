package io.backchannel.benchmarks.stack;

import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;

/** {@link BenchEcho} doing no work beyond the round trip. Thread-safe. */
public final class BenchEchoImpl implements BenchEcho {
  @Override
  public byte[] echo(byte[] data) {
    return data;
  }

  @Override
  public CompletableFuture<byte[]> echoAsync(byte[] data) {
    return CompletableFuture.completedFuture(data);
  }

  @Override
  public Flux<byte[]> stream(int count, int size) {
    byte[] item = new byte[size];
    return Flux.range(0, count).map(i -> item);
  }

  @Override
  public Flux<byte[]> channel(Flux<byte[]> items) {
    return items;
  }
}
