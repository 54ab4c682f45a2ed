package io.backchannel.core.observe;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The application entries of a request's composite metadata, by MIME type, as UTF-8 text (for
 * example a trace context). Backchannel's own entries (route, request id, deadline, origin) are
 * not shown. Bounded: at most {@value #MAX_ENTRIES} entries of at most {@value #MAX_VALUE_BYTES}
 * bytes each; an inbound request's extra entries beyond that are dropped. Not thread-safe: use it
 * inside {@link CallInterceptor#onStart} only.
 */
public interface CallMetadata {
  /** The most application entries one request carries. */
  int MAX_ENTRIES = 16;

  /** The largest value of one entry, in UTF-8 bytes. */
  int MAX_VALUE_BYTES = 4096;

  /** The entry for {@code mimeType}, if present. */
  @Nullable String get(String mimeType);

  /** Every entry, in no particular order. */
  Map<String, String> entries();

  /**
   * Adds or replaces an entry of an outbound request.
   *
   * @throws UnsupportedOperationException on an inbound request
   * @throws IllegalArgumentException if {@code mimeType} is one of Backchannel's own or not of the
   *     form {@code type/subtype}, the value is too large, or the request has {@value #MAX_ENTRIES}
   *     entries already
   */
  void put(String mimeType, String value);
}
