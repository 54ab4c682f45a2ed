package io.backchannel.core.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Who really made a relayed call, as the hub authenticated it. A hub always replaces any origin a
 * caller sent; a node trusts an origin only on a connection it dialed (to its hub).
 *
 * @param crossTenant whether the hub granted the caller calls across tenants
 */
public record Origin(String nodeId, String tenant, String role, boolean crossTenant) {
  private static final ObjectMapper JSON = WireJson.MAPPER;

  byte[] toJson() {
    return JSON.writeValueAsBytes(this);
  }

  static Origin fromJson(ByteBuf json) {
    try {
      return JSON.readValue((InputStream) new ByteBufInputStream(json.duplicate()), Origin.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("malformed origin entry: " + e.getMessage(), e);
    }
  }
}
