package io.backchannel.core.internal.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The data of an RSocket ERROR frame sent by a Backchannel responder: a JSON object, so generic
 * clients can read it as the UTF-8 message RSocket specifies.
 *
 * @param types the thrown exception's class and its superclasses up to {@code Exception}, most
 *     specific first; a caller uses them only to match exception types its method declares
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorPayload(
    ErrorStatus status,
    @Nullable String message,
    @Nullable String requestId,
    @Nullable String type,
    @Nullable List<String> types) {
  private static final ObjectMapper JSON = WireJson.MAPPER;

  /** The JSON text to put in an ERROR frame. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JacksonException e) {
      return "{\"status\":\"" + status + "\"}";
    }
  }

  /**
   * Parses an ERROR frame's message, or returns null if it is not a Backchannel error payload. A
   * request id that is not printable ASCII of at most {@link WireText#MAX_REQUEST_ID} characters
   * is dropped (the caller's own id is used): it would reach the caller's logs.
   */
  public static @Nullable ErrorPayload parse(@Nullable String message) {
    if (message == null || !message.startsWith("{")) {
      return null;
    }
    try {
      ErrorPayload payload = JSON.readValue(message, ErrorPayload.class);
      if (payload.status() == null) {
        return null;
      }
      return WireText.isValid(payload.requestId(), WireText.MAX_REQUEST_ID)
          ? payload
          : new ErrorPayload(payload.status(), payload.message(), null, payload.type(), payload.types());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
