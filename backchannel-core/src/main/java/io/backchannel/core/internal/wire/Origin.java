package io.backchannel.core.internal.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Who really made a relayed call, as the hub authenticated it. A hub always replaces any origin a
 * caller sent; a node trusts an origin only on a connection it dialed (to its hub).
 *
 * @param crossTenant whether the hub granted the caller calls across tenants
 */
public record Origin(String nodeId, String tenant, String role, boolean crossTenant) {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Origin fromJson(ByteBuf json) {
    try {
      return JSON.readValue((InputStream) new ByteBufInputStream(json.duplicate()), Origin.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed origin entry: " + e.getMessage(), e);
    }
  }
}
