package io.backchannel.core.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.rsocket.metadata.WellKnownMimeType;
import java.nio.charset.StandardCharsets;

/**
 * The header of one composite metadata entry (RSocket's composite metadata extension): the MIME
 * type, as a well-known id or as its ASCII name, followed by the content's 24-bit length. Written
 * into the caller's buffer, so a request's metadata is one buffer, not a composite of parts; the
 * bytes are those {@code CompositeMetadataCodec} writes, which {@code CompositeEntriesTest} checks.
 */
final class CompositeEntries {
  static final CompositeEntries ROUTING = new CompositeEntries(
      new byte[] {(byte) (WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getIdentifier() | 0x80)});
  static final CompositeEntries REQUEST_ID = header(MimeTypes.REQUEST_ID);
  static final CompositeEntries DEADLINE = header(MimeTypes.DEADLINE);
  static final CompositeEntries DESTINATION = header(MimeTypes.DESTINATION);
  static final CompositeEntries ORIGIN = header(MimeTypes.ORIGIN);

  private static final int MAX_CONTENT = 0xFF_FFFF;
  private static final int MAX_MIME = 128;

  private final byte[] mime;

  private CompositeEntries(byte[] mime) {
    this.mime = mime;
  }

  /**
   * The header of entries of a custom MIME type.
   *
   * @throws IllegalArgumentException if {@code mimeType} is not 1 to 128 ASCII characters
   */
  static CompositeEntries header(String mimeType) {
    byte[] name = mimeType.getBytes(StandardCharsets.US_ASCII);
    if (name.length == 0 || name.length > MAX_MIME || !mimeType.chars().allMatch(c -> c < 0x80)) {
      throw new IllegalArgumentException("custom MIME type must be 1 to 128 ASCII characters: " + mimeType);
    }
    byte[] header = new byte[1 + name.length];
    header[0] = (byte) (name.length - 1);
    System.arraycopy(name, 0, header, 1, name.length);
    return new CompositeEntries(header);
  }

  /** The bytes of a whole entry with {@code contentBytes} of content. */
  int size(int contentBytes) {
    return mime.length + 3 + contentBytes;
  }

  /** Writes the header of an entry whose content, of {@code contentBytes}, the caller writes next. */
  void writeHeader(ByteBuf out, int contentBytes) {
    if (contentBytes > MAX_CONTENT) {
      throw new IllegalArgumentException("composite metadata entry exceeds " + MAX_CONTENT + " bytes");
    }
    out.writeBytes(mime).writeMedium(contentBytes);
  }

  /** Writes a whole entry whose content is {@code text} in UTF-8. */
  void writeUtf8(ByteBuf out, String text) {
    int bytes = ByteBufUtil.utf8Bytes(text);
    writeHeader(out, bytes);
    ByteBufUtil.reserveAndWriteUtf8(out, text, bytes);
  }
}
