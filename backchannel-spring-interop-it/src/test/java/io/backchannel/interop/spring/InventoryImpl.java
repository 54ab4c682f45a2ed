package io.backchannel.interop.spring;

import io.backchannel.core.CallContext;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Flux;

/** Knows one sku, {@code sku-1}, and records the audit notes it receives. */
final class InventoryImpl implements Inventory {
  final Queue<String> audits = new ConcurrentLinkedQueue<>();

  @Override
  public Item find(String sku) throws NoSuchItemException {
    if (!sku.equals("sku-1")) {
      throw new NoSuchItemException("no item " + sku);
    }
    return new Item(sku, 7);
  }

  @Override
  public Item restock(String sku, int count) {
    return new Item(sku, 7 + count);
  }

  @Override
  public Flux<Item> list(int limit) {
    return Flux.range(1, limit).map(i -> new Item("sku-" + i, i));
  }

  @Override
  public void audit(String note) {
    audits.add(note);
  }

  @Override
  public String describe(String sku) {
    return sku + " \"in stock\"";
  }

  @Override
  public CallSeen seen() {
    CallContext call = CallContext.current().orElseThrow();
    return new CallSeen(call.remoteNode(), call.requestId(), call.remaining().toMillis());
  }
}
