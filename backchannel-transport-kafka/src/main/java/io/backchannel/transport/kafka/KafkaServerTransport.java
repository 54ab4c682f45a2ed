package io.backchannel.transport.kafka;

import io.rsocket.transport.ServerTransport;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Listens on a topic for connection requests. {@link #start} creates the topic and its reply topic
 * if missing, then completes with the running {@link KafkaListener}; it blocks on the broker, so it
 * runs on a bounded-elastic thread. Thread-safe.
 */
final class KafkaServerTransport implements ServerTransport<KafkaListener> {
  private final KafkaUri uri;

  KafkaServerTransport(KafkaUri uri) {
    this.uri = uri;
  }

  @Override
  public int maxFrameLength() {
    return uri.maxFrameSize();
  }

  @Override
  public Mono<KafkaListener> start(ConnectionAcceptor acceptor) {
    return Mono.fromCallable(() -> KafkaListener.start(uri, acceptor)).subscribeOn(Schedulers.boundedElastic());
  }
}
