package io.backchannel.benchmarks.stack;

import io.backchannel.core.CallOptions;
import io.backchannel.core.Peer;
import io.backchannel.core.auth.Authenticator;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Backchannel as users run it: a listening peer exporting {@link BenchEcho} (CBOR codec, handlers
 * on virtual threads), a dialing peer, and a proxy of the one connection. Calls go through either
 * the synchronous method or the {@code CompletableFuture} one; {@code direct} runs the future's
 * callback, or delivers stream items, on the I/O thread, as a caller who chose so would.
 */
final class BackchannelStack implements Stack {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Endpoint endpoint;
  private final Peer server;
  private final Peer client;
  private final BenchEcho proxy;
  private final boolean future;
  private final boolean direct;

  BackchannelStack(Endpoint endpoint, boolean future, boolean direct) {
    this.endpoint = endpoint;
    this.future = future;
    this.direct = direct;
    this.server = Peer.builder().nodeId("bench-server").authenticator(Authenticator.insecureAllowAll())
        .export(BenchEcho.class, new BenchEchoImpl()).build();
    this.client = Peer.builder().nodeId("bench-client").build();
    try {
      String uri = server.listen(endpoint.uri().toString()).uri().toString();
      this.proxy = client.dial(uri).proxy(BenchEcho.class);
    } catch (RuntimeException e) {
      client.close();
      server.close();
      throw e;
    }
  }

  @Override
  public byte[] call(byte[] data) {
    return future ? proxy.echoAsync(data).join() : proxy.echo(data);
  }

  @Override
  public void send(byte[] data, Completion done) {
    if (!future) {
      throw new UnsupportedOperationException("the synchronous proxy blocks; run it on a thread per call in flight");
    }
    if (direct) {
      proxy.echoAsync(data).whenCompleteAsync((reply, failure) -> done.done(failure), Runnable::run);
    } else {
      proxy.echoAsync(data).whenComplete((reply, failure) -> done.done(failure));
    }
  }

  @Override
  public boolean blocking() {
    return !future;
  }

  @Override
  public long stream(int items, int size) {
    Flux<byte[]> stream = direct
        ? CallOptions.directDelivery().call(() -> proxy.stream(items, size))
        : proxy.stream(items, size);
    return stream.count().block(TIMEOUT);
  }

  @Override
  public long channel(int items, byte[] data) {
    Flux<byte[]> outbound = Flux.range(0, items).map(i -> data);
    Flux<byte[]> echoes = direct
        ? CallOptions.directDelivery().call(() -> proxy.channel(outbound))
        : proxy.channel(outbound);
    return echoes.count().block(TIMEOUT);
  }

  @Override
  public void close() {
    client.close();
    server.close();
    endpoint.close();
  }
}
