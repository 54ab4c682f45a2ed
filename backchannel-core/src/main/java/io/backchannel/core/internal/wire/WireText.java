package io.backchannel.core.internal.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Identifiers that come off the wire and end up in logs, MDC and error messages: bounded in length
 * and limited to printable ASCII (no CR/LF or other control characters, so a peer cannot forge log
 * lines), checked where they are decoded.
 */
public final class WireText {
  /** The longest request id accepted from the wire (a local id is 16 hex digits). */
  public static final int MAX_REQUEST_ID = 64;
  /** The longest route accepted from the wire. */
  public static final int MAX_ROUTE = 256;

  private WireText() {}

  /**
   * {@code content} as text, if it is at most {@code max} printable ASCII characters.
   *
   * @throws IllegalArgumentException naming {@code field} (never echoing the content) otherwise
   */
  static String decode(String field, ByteBuf content, int max) {
    int length = content.readableBytes();
    if (length > max) {
      throw new IllegalArgumentException(field + " is " + length + " bytes; at most " + max + " are accepted");
    }
    int from = content.readerIndex();
    for (int i = 0; i < length; i++) {
      byte b = content.getByte(from + i);
      if (b < 0x20 || b > 0x7e) {
        throw new IllegalArgumentException(field + " must be printable ASCII; byte " + i + " is not");
      }
    }
    return content.toString(from, length, StandardCharsets.US_ASCII);
  }

  /**
   * {@code value} made safe for a log line before anyone vouched for it: control and non-ASCII
   * characters become {@code ?}, and it is cut at {@code max} characters.
   */
  public static String printable(String value, int max) {
    StringBuilder safe = new StringBuilder(Math.min(value.length(), max));
    for (int i = 0; i < value.length() && i < max; i++) {
      char c = value.charAt(i);
      safe.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return value.length() > max ? safe.append("...").toString() : safe.toString();
  }

  /** Whether {@code value} is null or at most {@code max} printable ASCII characters. */
  public static boolean isValid(@Nullable String value, int max) {
    if (value == null) {
      return true;
    }
    if (value.length() > max) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
