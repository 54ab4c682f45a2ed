package io.backchannel.core.internal.wire;

import io.backchannel.core.observe.CallMetadata;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The application entries of one request's metadata ({@link CallMetadata}): empty and writable for
 * an outbound call, or what an inbound request carried, read-only.
 */
public final class AppMetadata implements CallMetadata {
  private static final Map<String, String> NONE = Map.of();
  /** Empty and read-only: for calls no application interceptor sees, and requests that carried none. */
  private static final AppMetadata EMPTY = new AppMetadata(false, NONE);

  private final boolean writable;
  private Map<String, String> entries;

  private AppMetadata(boolean writable, Map<String, String> entries) {
    this.writable = writable;
    this.entries = entries;
  }

  /** Empty, for an outbound call's interceptors to fill. */
  public static AppMetadata outbound() {
    return new AppMetadata(true, NONE);
  }

  /** What an inbound request carried (already bounded by the decoder). */
  public static AppMetadata inbound(Map<String, String> received) {
    return received.isEmpty() ? EMPTY : new AppMetadata(false, received);
  }

  /** No entries, none to add: for an outbound call that no application interceptor sees. */
  public static AppMetadata none() {
    return EMPTY;
  }

  @Override
  public @Nullable String get(String mimeType) {
    return entries.get(mimeType);
  }

  @Override
  public Map<String, String> entries() {
    return entries.isEmpty() ? NONE : Map.copyOf(entries);
  }

  /** The entries as they are now, without a copy: for encoding. */
  public Map<String, String> view() {
    return entries;
  }

  @Override
  public void put(String mimeType, String value) {
    if (!writable) {
      throw new UnsupportedOperationException("the metadata of an inbound request is read-only");
    }
    checkEntry(mimeType, value);
    if (entries == NONE) {
      entries = new HashMap<>(4);
    }
    if (!entries.containsKey(mimeType) && entries.size() >= MAX_ENTRIES) {
      throw new IllegalArgumentException("a request carries at most " + MAX_ENTRIES + " metadata entries");
    }
    entries.put(mimeType, value);
  }

  /** Whether an entry of this MIME type is Backchannel's own or RSocket's, not the application's. */
  static boolean isReserved(String mimeType) {
    return mimeType.startsWith("application/x.backchannel.") || mimeType.startsWith("message/x.rsocket.");
  }

  private static void checkEntry(String mimeType, String value) {
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(value, "value");
    int slash = mimeType.indexOf('/');
    if (slash <= 0 || slash == mimeType.length() - 1 || mimeType.length() > 128 || !isPrintableAscii(mimeType)) {
      throw new IllegalArgumentException("metadata MIME type must look like type/subtype (at most 128 ASCII "
          + "characters), was '" + mimeType + "'");
    }
    if (isReserved(mimeType)) {
      throw new IllegalArgumentException("metadata MIME type '" + mimeType + "' is reserved for Backchannel and RSocket");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("metadata value for " + mimeType + " exceeds " + MAX_VALUE_BYTES + " bytes");
    }
  }

  private static boolean isPrintableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
