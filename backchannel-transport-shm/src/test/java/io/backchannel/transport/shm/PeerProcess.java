package io.backchannel.transport.shm;

import io.backchannel.core.transport.TransportFactory;
import io.backchannel.core.transport.Transports;
import io.rsocket.Closeable;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.util.DefaultPayload;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The other process in {@link ShmTwoProcessTest}: {@code server <uri>} or {@code client <uri>}.
 * Prints {@code READY <uri>} once it listens or is connected, then runs until stdin closes (or
 * it is killed).
 */
public final class PeerProcess {
  private PeerProcess() {}

  public static void main(String[] args) throws IOException {
    URI uri = URI.create(args[1]);
    TransportFactory factory = Transports.forUri(uri);
    if (args[0].equals("server")) {
      Closeable server = RSocketServer.create((setup, sendingSocket) -> Mono.just(new Handler(sendingSocket)))
          .bind(factory.server(uri))
          .block();
      System.out.println("READY " + factory.boundUri(uri, server));
    } else {
      RSocket client = RSocketConnector.create()
          .acceptor(SocketAcceptor.with(new Handler(null)))
          .connect(factory.client(uri))
          .block();
      System.out.println("READY " + client);
    }
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // Runs until the parent closes our stdin or kills us.
    }
    System.exit(0);
  }

  /** Echo, "hang" (never answers), "count" (fire-and-forgets so far), "callback:x" (asks the other side). */
  static final class Handler implements RSocket {
    private final RSocket other;
    private final AtomicInteger fireAndForgets = new AtomicInteger();

    Handler(RSocket other) {
      this.other = other;
    }

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      String data = payload.getDataUtf8();
      if (data.equals("hang")) {
        payload.release();
        return Mono.never();
      }
      if (data.equals("count")) {
        payload.release();
        return Mono.just(DefaultPayload.create(Integer.toString(fireAndForgets.get())));
      }
      if (data.startsWith("callback:")) {
        payload.release();
        return other.requestResponse(DefaultPayload.create(data.substring(9)))
            .map(reply -> {
              String text = reply.getDataUtf8();
              reply.release();
              return DefaultPayload.create("other side said " + text);
            });
      }
      return Mono.just(payload);
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      payload.release();
      fireAndForgets.incrementAndGet();
      return Mono.empty();
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      int n = Integer.parseInt(payload.getDataUtf8());
      payload.release();
      return Flux.range(0, n).map(i -> DefaultPayload.create("item " + i));
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads).map(p -> {
        String s = p.getDataUtf8();
        p.release();
        return DefaultPayload.create(s.toUpperCase());
      });
    }
  }
}
