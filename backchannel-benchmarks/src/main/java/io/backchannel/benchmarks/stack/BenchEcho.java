package io.backchannel.benchmarks.stack;

import io.backchannel.RemoteService;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;

/** The service every Backchannel case calls: one method per call style the suite measures. */
@RemoteService("BenchEcho")
public interface BenchEcho {
  /** Request-response through the synchronous proxy: {@code data}, unchanged. */
  byte[] echo(byte[] data);

  /** Request-response through the {@code CompletableFuture} proxy: {@code data}, unchanged. */
  CompletableFuture<byte[]> echoAsync(byte[] data);

  /** Request-stream: {@code count} items of {@code size} bytes. */
  Flux<byte[]> stream(int count, int size);

  /** Request-channel: every item sent, echoed. */
  Flux<byte[]> channel(Flux<byte[]> items);
}
