package io.backchannel.core.internal.dispatch;

import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.ErrorStatus;
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
  private final Runnable onExit;
  private @Nullable Thread runner;
  private boolean cancelled;

  private WorkerCall(Callable<@Nullable Object> body, MonoSink<Object> sink, Runnable onExit) {
    this.body = body;
    this.sink = sink;
    this.onExit = onExit;
  }

  /**
   * Runs {@code body} on {@code executor} when subscribed. {@code onExit} runs exactly once, when
   * no thread runs {@code body} any more: after it returned or threw, after a cancellation that
   * came before it started, or when the executor refused it.
   */
  static Mono<Object> run(Executor executor, Callable<@Nullable Object> body, Runnable onExit) {
    return Mono.create(sink -> {
      WorkerCall call = new WorkerCall(body, sink, onExit);
      sink.onCancel(call::cancel);
      try {
        executor.execute(call);
      } catch (RejectedExecutionException e) {
        onExit.run();
        sink.error(ErrorMapping.rejected(ErrorStatus.OVERLOADED, "the handler executor refused the call", null));
      }
    });
  }

  @Override
  public void run() {
    synchronized (this) {
      if (cancelled) {
        onExit.run();
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
      onExit.run();
    }
  }

  private synchronized void cancel() {
    cancelled = true;
    if (runner != null) {
      runner.interrupt();
    }
  }
}
