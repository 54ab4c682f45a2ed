package io.backchannel.core.internal.proxy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The future a proxy returns, completed directly on the thread that receives the response (an
 * I/O thread) and, unless the caller asked for direct delivery, never running application code
 * there: a callback chained before completion runs on {@code callbacks} (the peer's workers), one
 * chained after completion runs on the thread that chains it, as {@link CompletableFuture} does.
 * A caller waiting in {@code get()} or {@code join()} is woken without a hand-off. Cancelling the
 * future cancels the call.
 */
final class CallFuture<T> extends CompletableFuture<T> {
  /** Where callbacks chained before completion run: the peer's workers, or inline for direct delivery. */
  private final Executor callbacks;
  /** Where {@code *Async} methods without an executor run: always the peer's workers. */
  private final Executor workers;
  /** Set once the request is sent: what cancelling the future cancels. */
  private volatile @Nullable UnaryExchange exchange;

  private CallFuture(Executor callbacks, Executor workers) {
    this.callbacks = callbacks;
    this.workers = workers;
  }

  /** Sends {@code call}'s request now and returns its outcome as a future. */
  static CallFuture<Object> start(OutboundCall call, @Nullable Object[] args, Executor workers) {
    CallFuture<Object> future = new CallFuture<>(call.direct ? Runnable::run : workers, workers);
    UnaryExchange exchange = UnaryExchange.start(call, args, future.new Completer());
    future.exchange = exchange;
    if (future.isCancelled()) {
      exchange.cancel(); // cancelled by a callback that ran before the exchange was known
    }
    return future;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    UnaryExchange current = exchange;
    if (cancelled && current != null) {
      current.cancel();
    }
    return cancelled;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    // Derived stages complete where this one does, so they follow its rule for callbacks too.
    return new CallFuture<>(callbacks, workers);
  }

  @Override
  public Executor defaultExecutor() {
    return workers;
  }

  @Override
  public CompletionStage<T> minimalCompletionStage() {
    return isDone() ? super.minimalCompletionStage() : thenApplyAsync(Function.identity(), callbacks).minimalCompletionStage();
  }

  @Override
  public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return isDone() ? super.thenApply(fn) : thenApplyAsync(fn, callbacks);
  }

  @Override
  public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    return isDone() ? super.thenAccept(action) : thenAcceptAsync(action, callbacks);
  }

  @Override
  public CompletableFuture<Void> thenRun(Runnable action) {
    return isDone() ? super.thenRun(action) : thenRunAsync(action, callbacks);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return thenCombineAsync(other, fn, callbacks);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return thenAcceptBothAsync(other, action, callbacks);
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return runAfterBothAsync(other, action, callbacks);
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return applyToEitherAsync(other, fn, callbacks);
  }

  @Override
  public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
    return acceptEitherAsync(other, action, callbacks);
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return runAfterEitherAsync(other, action, callbacks);
  }

  @Override
  public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
    return isDone() ? super.thenCompose(fn) : thenComposeAsync(fn, callbacks);
  }

  @Override
  public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return isDone() ? super.handle(fn) : handleAsync(fn, callbacks);
  }

  @Override
  public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return isDone() ? super.whenComplete(action) : whenCompleteAsync(action, callbacks);
  }

  @Override
  public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return isDone() ? super.exceptionally(fn) : exceptionallyAsync(fn, callbacks);
  }

  @Override
  public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
    return isDone() ? super.exceptionallyCompose(fn) : exceptionallyComposeAsync(fn, callbacks);
  }

  /** Completes the future with the exchange's outcome. */
  @SuppressWarnings("unchecked")
  private final class Completer implements UnaryExchange.Outcome {
    @Override
    public void succeeded(@Nullable Object value) {
      complete((T) value);
    }

    @Override
    public void failed(Throwable error) {
      completeExceptionally(error);
    }
  }
}
