package io.backchannel.core.internal.proxy;

import io.backchannel.CallCancelledException;
import io.backchannel.core.internal.call.IoThreads;
import io.backchannel.core.internal.service.MethodDescriptor;
import io.backchannel.core.internal.service.ServiceDescriptor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/** The invocation handler behind every proxy: dispatches each method by its call style. */
public final class ProxyHandler implements InvocationHandler {
  /** Slack past the deadline for the deadline timer itself to fire before the caller gives up. */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int STREAM_PREFETCH = io.backchannel.core.transport.TransportFactory.DEFAULT_STREAM_PREFETCH;

  private final ServiceDescriptor service;
  private final TargetResolver resolver;
  private final CallerSettings settings;

  private ProxyHandler(ServiceDescriptor service, TargetResolver resolver, CallerSettings settings) {
    this.service = service;
    this.resolver = resolver;
    this.settings = settings;
  }

  /** A proxy of {@code type} whose calls go wherever {@code resolver} says. */
  public static <T> T create(Class<T> type, TargetResolver resolver, CallerSettings settings) {
    ServiceDescriptor service = ServiceDescriptor.of(type);
    return type.cast(Proxy.newProxyInstance(
        type.getClassLoader(), new Class<?>[] {type}, new ProxyHandler(service, resolver, settings)));
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
    MethodDescriptor descriptor = service.method(method);
    if (descriptor == null) {
      return local(proxy, method, args);
    }
    OutboundCall call = new OutboundCall(descriptor, settings, resolver);
    return switch (descriptor.style()) {
      case BLOCKING -> block(call, descriptor, args);
      case FUTURE -> call.future(args, settings.callbacks());
      case MONO -> call.direct ? call.mono(args) : call.mono(args).publishOn(settings.scheduler());
      case FIRE_AND_FORGET -> {
        call.fireAndForget(args).subscribe(null, error -> {});
        yield null;
      }
      case STREAM -> delivered(call, call.requestStream(args));
      case CHANNEL -> delivered(call, call.requestChannel(args, channel(descriptor, args)));
    };
  }

  /** {@code items} handed to the peer's workers, a bounded batch at a time, unless the caller asked for them directly. */
  private Flux<Object> delivered(OutboundCall call, Flux<Object> items) {
    return call.direct ? items : items.publishOn(settings.scheduler(), STREAM_PREFETCH);
  }

  private @Nullable Object block(OutboundCall call, MethodDescriptor method, @Nullable Object[] args) throws Throwable {
    if (IoThreads.isCurrentNonBlocking()) {
      throw new IllegalStateException("blocking call to " + method.route() + " on non-blocking thread "
          + Thread.currentThread().getName() + "; call it from a worker or virtual thread, or declare a "
          + "CompletableFuture or Mono return type");
    }
    CompletableFuture<Object> future = call.future(args, settings.callbacks());
    try {
      long wait = call.deadlineNanos == Long.MAX_VALUE
          ? Long.MAX_VALUE
          : settings.deadlines().remainingNanos(call.deadlineNanos) + GRACE_NANOS;
      return future.get(wait, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      future.cancel(true);
      throw call.expired();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CallCancelledException("interrupted while calling " + method.route(), call.requestId, e);
    }
  }

  private static Flux<?> channel(MethodDescriptor method, @Nullable Object[] args) {
    Object flux = args[method.channelParameter()];
    if (flux == null) {
      throw new NullPointerException("the Flux argument of " + method.route() + " must not be null");
    }
    return (Flux<?>) flux;
  }

  private @Nullable Object local(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
    return switch (method.getName()) {
      case "toString" -> "Backchannel proxy of " + service.type().getName() + " to " + resolver.describe();
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> {
        if (method.isDefault()) {
          yield InvocationHandler.invokeDefault(proxy, method, args);
        }
        throw new UnsupportedOperationException(method.toString());
      }
    };
  }
}
