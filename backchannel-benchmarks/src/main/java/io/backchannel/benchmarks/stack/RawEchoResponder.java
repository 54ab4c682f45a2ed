package io.backchannel.benchmarks.stack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.util.ByteBufPayload;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The raw server: reads the routing tag, then echoes (request-response, channel) or streams. */
final class RawEchoResponder implements RSocket {
  @Override
  public Mono<Payload> requestResponse(Payload payload) {
    if (!"echo".equals(route(payload))) {
      payload.release();
      return Mono.error(new IllegalArgumentException("unknown route"));
    }
    return Mono.just(payload);
  }

  @Override
  public Flux<Payload> requestStream(Payload payload) {
    ByteBuf spec = payload.sliceData();
    int count = spec.getInt(spec.readerIndex());
    byte[] item = new byte[spec.getInt(spec.readerIndex() + 4)];
    payload.release();
    return Flux.range(0, count).map(i -> ByteBufPayload.create(Unpooled.wrappedBuffer(item)));
  }

  @Override
  public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
    return Flux.from(payloads);
  }

  private static String route(Payload payload) {
    for (CompositeMetadata.Entry entry : new CompositeMetadata(payload.sliceMetadata(), false)) {
      if ("message/x.rsocket.routing.v0".equals(entry.getMimeType())) {
        return new RoutingMetadata(entry.getContent()).iterator().next();
      }
    }
    return "";
  }
}
