package io.backchannel.core.internal.routing;

import io.backchannel.core.internal.call.CallCarrier;
import io.backchannel.core.internal.call.IoThreads;
import io.backchannel.core.internal.proxy.CallTarget;
import io.backchannel.core.internal.proxy.CallerSettings;
import io.backchannel.core.internal.proxy.ProxyHandler;
import io.backchannel.core.internal.session.Session;
import io.backchannel.core.node.NodeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Calls every target in parallel, one virtual thread each, and collects each result or failure. */
public final class Broadcast {
  private Broadcast() {}

  /** Blocks until every call has ended; results come in the order of {@code targets}. */
  public static <T, R> List<NodeResult<R>> call(List<CallTarget> targets, Class<T> type,
      Function<? super T, ? extends R> call, CallerSettings callers) {
    if (IoThreads.isCurrentNonBlocking()) {
      throw new IllegalStateException("broadcast blocks and must not run on non-blocking thread " + Thread.currentThread().getName());
    }
    List<NodeResult<R>> results = new ArrayList<>();
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<R>> futures = new ArrayList<>();
      CallCarrier carrier = CallCarrier.capture();
      for (CallTarget target : targets) {
        T proxy = target instanceof Session session ? session.proxy(type) : ProxyHandler.create(type, () -> target, callers);
        futures.add(calls.submit(() -> carrier.call(() -> call.apply(proxy))));
      }
      for (int i = 0; i < targets.size(); i++) {
        String id = targets.get(i).nodeId();
        try {
          results.add(new NodeResult<>(id, futures.get(i).get(), null));
        } catch (ExecutionException e) {
          results.add(new NodeResult<>(id, null, e.getCause()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          results.add(new NodeResult<>(id, null, e));
        }
      }
    }
    return results;
  }
}
