package io.backchannel.interop.spring;

import org.springframework.messaging.rsocket.service.RSocketExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

// docs/protocol.md "Calling from Spring's RSocketRequester": exchange interface, from here
/** Spring's view of Backchannel's Inventory: the payload is always the argument array. */
@RSocketExchange("Inventory")
public interface InventoryClient {
  @RSocketExchange("find")
  Mono<Item> find(Object... args);

  @RSocketExchange("restock")
  Item restock(Object... args);

  @RSocketExchange("list")
  Flux<Item> list(Object... args);

  @RSocketExchange("audit")
  Mono<Void> audit(Object... args);
}
// to here
