package io.backchannel.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request metadata is written byte for byte as rsocket-java's own composite metadata codec writes it. */
class CompositeEntriesTest {
  private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;

  @Test
  void everyEntryMatchesRSocketsCodec() {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("text/x.tenant-note", "ünïcode ✓");
    extra.put("application/x.app.trace", "00-abc-01");
    RequestMetadata metadata = new RequestMetadata("Echo.echo", "0123456789abcdef", 1500, "sidecar-2",
        new Origin("sidecar-1", "acme", "node", false), extra);

    assertSameBytes(metadata.encode(allocator), reference(metadata));
  }

  @Test
  void onlyThePresentEntriesAreWritten() {
    RequestMetadata metadata = new RequestMetadata("Svc.m", null, -1);

    assertSameBytes(metadata.encode(allocator), reference(metadata));
  }

  @Test
  void theEncodedMetadataDecodesToTheSameValues() {
    RequestMetadata sent = new RequestMetadata("Echo.echo", "feedface00000000", 42, "n2", null, Map.of("a/b", "c"));
    ByteBuf encoded = sent.encode(allocator);
    try {
      assertThat(RequestMetadata.decode(encoded)).isEqualTo(sent);
    } finally {
      encoded.release();
    }
  }

  @Test
  void aRouteOfMoreThan255BytesIsRefusedAndNothingLeaks() {
    RequestMetadata metadata = new RequestMetadata("r".repeat(256), "id", 1);

    assertThatThrownBy(() -> metadata.encode(allocator))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
  }

  private void assertSameBytes(ByteBuf actual, ByteBuf expected) {
    try {
      assertThat(ByteBufUtil.hexDump(actual)).isEqualTo(ByteBufUtil.hexDump(expected));
    } finally {
      actual.release();
      expected.release();
    }
  }

  /** The metadata as rsocket-java's codecs compose it, part by part. */
  private ByteBuf reference(RequestMetadata metadata) {
    CompositeByteBuf composite = allocator.compositeBuffer();
    if (metadata.route() != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(composite, allocator, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
          TaggingMetadataCodec.createRoutingMetadata(allocator, List.of(metadata.route())).getContent());
    }
    if (metadata.requestId() != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, MimeTypes.REQUEST_ID, ByteBufUtil.writeUtf8(allocator, metadata.requestId()));
    }
    if (metadata.deadlineMillis() >= 0) {
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, MimeTypes.DEADLINE, allocator.buffer(8).writeLong(metadata.deadlineMillis()));
    }
    if (metadata.destination() != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, MimeTypes.DESTINATION, ByteBufUtil.writeUtf8(allocator, metadata.destination()));
    }
    if (metadata.origin() != null) {
      CompositeMetadataCodec.encodeAndAddMetadata(
          composite, allocator, MimeTypes.ORIGIN, Unpooled.wrappedBuffer(metadata.origin().toJson()));
    }
    metadata.extra().forEach((mime, value) -> CompositeMetadataCodec.encodeAndAddMetadata(
        composite, allocator, mime, ByteBufUtil.writeUtf8(allocator, value)));
    return composite;
  }
}
