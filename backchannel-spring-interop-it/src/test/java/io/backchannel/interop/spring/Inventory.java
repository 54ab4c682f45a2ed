package io.backchannel.interop.spring;

import io.backchannel.FireAndForget;
import io.backchannel.RemoteService;
import reactor.core.publisher.Flux;

/** The Backchannel service Spring's client calls: one method per interaction model and pitfall. */
@RemoteService
public interface Inventory {
  /** Request-response; a typed error for an unknown sku. */
  Item find(String sku) throws NoSuchItemException;

  /** Request-response with two parameters: the argument array has two elements. */
  Item restock(String sku, int count);

  /** Request-stream: the first {@code limit} items. */
  Flux<Item> list(int limit);

  /** Fire-and-forget. */
  @FireAndForget
  void audit(String note);

  /** A {@code String} result, which Spring reads as raw text unless told otherwise. */
  String describe(String sku);

  /** What the handler saw of its call: the caller, request id and remaining budget. */
  CallSeen seen();

  /** The handler's view of a call. */
  record CallSeen(String remoteNode, String requestId, long remainingMillis) {}
}
