package io.backchannel.core.internal.dispatch;

import io.backchannel.OverloadedException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Runs a handler body on a worker thread as a {@link Mono}. Cancelling the Mono before the body
 * starts skips it; cancelling while it runs interrupts the worker thread, and the interrupt never
 * leaks to a later task of a pooled thread.
 */
final class WorkerCall implements Runnable {
  private final Callable<@Nullable Object> body;
  private final MonoSink<Object> sink;
  private @Nullable Thread runner;
  private boolean cancelled;

  private WorkerCall(Callable<@Nullable Object> body, MonoSink<Object> sink) {
    this.body = body;
    this.sink = sink;
  }

  static Mono<Object> run(Executor executor, Callable<@Nullable Object> body) {
    return Mono.create(sink -> {
      WorkerCall call = new WorkerCall(body, sink);
      sink.onCancel(call::cancel);
      try {
        executor.execute(call);
      } catch (RejectedExecutionException e) {
        sink.error(new OverloadedException("handler executor rejected the call", null, e));
      }
    });
  }

  @Override
  public void run() {
    synchronized (this) {
      if (cancelled) {
        return;
      }
      runner = Thread.currentThread();
    }
    try {
      Object result = body.call();
      if (result == null) {
        sink.success();
      } else {
        sink.success(result);
      }
    } catch (Throwable t) {
      sink.error(t);
    } finally {
      synchronized (this) {
        runner = null;
      }
      Thread.interrupted();
    }
  }

  private synchronized void cancel() {
    cancelled = true;
    if (runner != null) {
      runner.interrupt();
    }
  }
}
