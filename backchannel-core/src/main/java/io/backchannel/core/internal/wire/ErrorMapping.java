package io.backchannel.core.internal.wire;

import io.backchannel.BackchannelException;
import io.backchannel.CallCancelledException;
import io.backchannel.CodecException;
import io.backchannel.ConnectionLostException;
import io.backchannel.DeadlineExceededException;
import io.backchannel.OverloadedException;
import io.backchannel.PayloadTooLargeException;
import io.backchannel.PeerRejectedException;
import io.backchannel.RemoteException;
import io.backchannel.UnknownRouteException;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.CanceledException;
import io.rsocket.exceptions.ConnectionCloseException;
import io.rsocket.exceptions.ConnectionErrorException;
import io.rsocket.exceptions.InvalidException;
import io.rsocket.exceptions.RejectedException;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.exceptions.SetupException;
import io.rsocket.RSocketErrorException;
import java.lang.reflect.Constructor;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Maps failures across the wire: a responder's exception to the RSocket error it sends, and an
 * RSocket error to the {@link BackchannelException} (or declared exception) a caller throws.
 */
public final class ErrorMapping {
  private ErrorMapping() {}

  /** The RSocket error a responder sends for {@code failure}. */
  public static RSocketErrorException toWire(Throwable failure, @Nullable String requestId) {
    if (failure instanceof RSocketErrorException wire) {
      return wire;
    }
    if (failure instanceof DeadlineExceededException) {
      return application(ErrorStatus.DEADLINE_EXCEEDED, bareMessage(failure), requestId);
    }
    if (failure instanceof PayloadTooLargeException) {
      return application(ErrorStatus.PAYLOAD_TOO_LARGE, bareMessage(failure), requestId);
    }
    if (failure instanceof CodecException) {
      return application(ErrorStatus.CODEC, bareMessage(failure), requestId);
    }
    List<String> types = new ArrayList<>();
    for (Class<?> c = failure.getClass(); c != null && c != Throwable.class && c != Object.class; c = c.getSuperclass()) {
      types.add(c.getName());
      if (c == Exception.class || c == Error.class) {
        break;
      }
    }
    // A Backchannel exception from the handler's own calls: its request id is not this call's.
    String message = failure instanceof BackchannelException ? bareMessage(failure) : failure.getMessage();
    ErrorPayload payload = new ErrorPayload(ErrorStatus.REMOTE, message, requestId, failure.getClass().getName(), types);
    return new ApplicationErrorException(payload.toJson());
  }

  /** An INVALID error: the request is malformed or names no route; not processed. */
  public static RSocketErrorException invalid(ErrorStatus status, String message, @Nullable String requestId) {
    return new InvalidException(new ErrorPayload(status, message, requestId, null, null).toJson());
  }

  /** An APPLICATION_ERROR with a status but no exception type. */
  public static RSocketErrorException status(ErrorStatus status, String message, @Nullable String requestId) {
    return application(status, message, requestId);
  }

  /** A REJECTED error: not processed, safe to retry. */
  public static RSocketErrorException rejected(ErrorStatus status, String message, @Nullable String requestId) {
    return new RejectedException(new ErrorPayload(status, message, requestId, null, null).toJson());
  }

  private static RSocketErrorException application(ErrorStatus status, @Nullable String message, @Nullable String requestId) {
    return new ApplicationErrorException(new ErrorPayload(status, message, requestId, null, null).toJson());
  }

  /**
   * The exception a caller throws for {@code failure}: a declared exception when the remote type
   * (or a supertype) is one of {@code declared}, else a {@link BackchannelException}. Classes are
   * matched by name against {@code declared} only; nothing named by the wire is ever loaded.
   */
  public static Throwable fromWire(Throwable failure, @Nullable String requestId, List<Class<?>> declared) {
    if (failure instanceof BackchannelException) {
      return failure;
    }
    if (failure instanceof RejectedSetupException || failure instanceof SetupException) {
      return new PeerRejectedException("peer rejected the connection: " + failure.getMessage(), requestId, failure);
    }
    if (failure instanceof ClosedChannelException
        || failure instanceof ConnectionErrorException
        || failure instanceof ConnectionCloseException
        || (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("isposed"))) {
      return new ConnectionLostException("connection lost: " + describe(failure), requestId, failure);
    }
    if (failure instanceof CanceledException || failure instanceof CancellationException) {
      return new CallCancelledException("call cancelled: " + describe(failure), requestId, failure);
    }
    if (!(failure instanceof RSocketErrorException wire)) {
      if (failure instanceof RuntimeException || failure instanceof Error || isDeclared(failure, declared)) {
        return failure;
      }
      // A checked exception the method does not declare would surface as UndeclaredThrowableException.
      return new ConnectionLostException("connection failed: " + describe(failure), requestId, failure);
    }
    ErrorPayload payload = ErrorPayload.parse(wire.getMessage());
    if (payload == null) {
      // A non-Backchannel responder: map by RSocket error code.
      return switch (wire) {
        case RejectedException r -> new OverloadedException("peer rejected the request: " + r.getMessage(), requestId, r);
        case InvalidException i -> new UnknownRouteException("peer found the request invalid: " + i.getMessage(), requestId, i);
        default -> new RemoteException("unknown", wire.getMessage(), requestId);
      };
    }
    String id = payload.requestId() != null ? payload.requestId() : requestId;
    String message = payload.message() == null ? payload.status().name() : payload.message();
    return switch (payload.status()) {
      case UNKNOWN_ROUTE -> new UnknownRouteException(message, id, null);
      case CODEC -> new CodecException("peer could not decode or encode: " + message, id, null);
      case OVERLOADED -> new OverloadedException(message, id, null);
      case DEADLINE_EXCEEDED -> new DeadlineExceededException(message, id, null);
      case PAYLOAD_TOO_LARGE -> new PayloadTooLargeException(message, id, null);
      case NO_ROUTE -> new io.backchannel.NoRouteException(message, id, null);
      case CONNECTION_LOST -> new ConnectionLostException(message, id, null);
      case REMOTE -> remote(payload, id, declared);
    };
  }

  private static Throwable remote(ErrorPayload payload, @Nullable String requestId, List<Class<?>> declared) {
    String type = payload.type() == null ? "unknown" : payload.type();
    RemoteException remote = new RemoteException(type, payload.message(), requestId);
    List<String> types = payload.types() == null ? List.of(type) : payload.types();
    for (String name : types) {
      for (Class<?> candidate : declared) {
        if (candidate.getName().equals(name)) {
          Throwable rebuilt = instantiate(candidate, payload.message());
          if (rebuilt != null) {
            rebuilt.initCause(remote);
            return rebuilt;
          }
        }
      }
    }
    return remote;
  }

  private static @Nullable Throwable instantiate(Class<?> type, @Nullable String message) {
    try {
      Constructor<?> withMessage = type.getConstructor(String.class);
      return (Throwable) withMessage.newInstance(message);
    } catch (ReflectiveOperationException | RuntimeException e) {
      try {
        return (Throwable) type.getConstructor().newInstance();
      } catch (ReflectiveOperationException | RuntimeException ignored) {
        return null;
      }
    }
  }

  private static boolean isDeclared(Throwable failure, List<Class<?>> declared) {
    for (Class<?> type : declared) {
      if (type.isInstance(failure)) {
        return true;
      }
    }
    return false;
  }

  /** The message without the {@code [request id]} suffix, which the caller's exception adds again. */
  private static @Nullable String bareMessage(Throwable failure) {
    String message = failure.getMessage();
    if (message == null) {
      return null;
    }
    int suffix = message.lastIndexOf(" [request ");
    return suffix > 0 ? message.substring(0, suffix) : message;
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }
}
