package io.backchannel.core.observe;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where a trace context travels: each field a tracer's propagator writes (W3C {@code traceparent}
 * and {@code tracestate}, or {@code b3}, {@code baggage}, ...) is one composite-metadata entry of
 * the request, of MIME type {@value #PREFIX} followed by the field's lower-case name, its value as
 * UTF-8 text (see {@code docs/protocol.md}). A hub relays these entries untouched.
 */
public final class TraceMetadata {
  /** The MIME type prefix of trace context entries. */
  public static final String PREFIX = "message/x.backchannel.trace.";

  /** The entry of the W3C {@code traceparent} field. */
  public static final String TRACEPARENT = PREFIX + "traceparent";

  /** The entry of the W3C {@code tracestate} field. */
  public static final String TRACESTATE = PREFIX + "tracestate";

  private TraceMetadata() {}

  /** The MIME type that carries propagation field {@code field}. */
  public static String mimeType(String field) {
    return PREFIX + field.toLowerCase(Locale.ROOT);
  }

  /**
   * Writes {@code field} into an outbound request's metadata (nothing without one): what a sender
   * context's setter does.
   */
  public static void set(@Nullable CallMetadata metadata, String field, String value) {
    if (metadata != null) {
      metadata.put(mimeType(field), value);
    }
  }

  /** Reads {@code field} from a request's metadata: what a receiver context's getter does. */
  public static @Nullable String get(CallMetadata metadata, String field) {
    return metadata.get(mimeType(field));
  }

  /**
   * The trace id of a W3C {@code traceparent} entry in {@code metadata} (32 lower-case hex
   * digits), or null when there is none or it is malformed.
   */
  public static @Nullable String traceId(CallMetadata metadata) {
    String parent = metadata.get(TRACEPARENT);
    // version "-" 32 hex trace id "-" 16 hex parent id "-" 2 hex flags
    if (parent == null || parent.length() < 55 || parent.charAt(2) != '-' || parent.charAt(35) != '-') {
      return null;
    }
    String traceId = parent.substring(3, 35);
    for (int i = 0; i < traceId.length(); i++) {
      char c = traceId.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return null;
      }
    }
    return traceId.equals("00000000000000000000000000000000") ? null : traceId;
  }
}
