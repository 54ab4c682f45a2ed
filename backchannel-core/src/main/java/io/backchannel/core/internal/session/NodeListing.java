package io.backchannel.core.internal.session;

import io.backchannel.ConnectionLostException;
import io.backchannel.core.internal.call.IoThreads;
import io.backchannel.core.internal.call.RequestIds;
import io.backchannel.core.internal.wire.MimeTypes;
import io.backchannel.core.internal.wire.RequestMetadata;
import io.backchannel.core.internal.wire.WireJson;
import io.backchannel.core.node.NodeInfo;
import io.backchannel.core.node.NodeSelector;
import io.backchannel.core.node.Registry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.util.ByteBufPayload;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import reactor.core.Exceptions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Node listing, both sides: a node asks its hub which nodes it may see ({@code backchannel.nodes}),
 * and a hub answers with only what the tenant rule lets the asker see.
 */
public final class NodeListing {
  private static final ObjectMapper JSON = WireJson.MAPPER;
  static final byte[] NOTHING = "[]".getBytes(StandardCharsets.UTF_8);

  private final Registry registry;
  private final TenantPolicy tenants;
  private final Duration timeout;

  /** @param registry what this peer lists: its sessions, and in a cluster every console's nodes */
  public NodeListing(Registry registry, TenantPolicy tenants, Duration timeout) {
    this.registry = registry;
    this.tenants = tenants;
    this.timeout = timeout;
  }

  /** Asks the node at the other end of {@code hub} for the nodes matching {@code selector}; blocks. */
  List<NodeInfo> list(Session hub, NodeSelector selector) {
    if (IoThreads.isCurrentNonBlocking()) {
      throw new IllegalStateException("listNodes blocks and must not run on non-blocking thread " + Thread.currentThread().getName());
    }
    ByteBuf metadata = new RequestMetadata(MimeTypes.NODES_ROUTE, RequestIds.next(), timeout.toMillis())
        .encode(hub.codec().allocator());
    Payload response;
    try {
      response = hub.requester()
          .requestResponse(ByteBufPayload.create(Unpooled.wrappedBuffer(json(selector)), metadata))
          .block(timeout);
    } catch (RuntimeException e) {
      throw Handshake.asBackchannel(Exceptions.unwrap(e), "listing nodes at " + hub.nodeId());
    }
    if (response == null) {
      return List.of();
    }
    try {
      return List.of(JSON.readValue(ByteBufUtil.getBytes(response.sliceData()), NodeInfo[].class));
    } catch (JacksonException e) {
      throw new ConnectionLostException("node " + hub.nodeId() + " sent a malformed node list", null, e);
    } finally {
      response.release();
    }
  }

  /** Answers {@code who}'s listing request: a JSON array of what its tenant (or role) lets it see. */
  byte[] visibleTo(NodeInfo who, ByteBuf selectorJson) {
    NodeSelector visible = tenants.visibleTo(who, parse(selectorJson));
    if (visible == null) {
      return NOTHING;
    }
    try {
      return JSON.writeValueAsBytes(registry.nodes(visible));
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NodeSelector parse(ByteBuf selectorJson) {
    if (!selectorJson.isReadable()) {
      return NodeSelector.any();
    }
    try {
      return JSON.readValue((InputStream) new ByteBufInputStream(selectorJson.duplicate()), NodeSelector.class);
    } catch (RuntimeException e) {
      return NodeSelector.any();
    }
  }

  private static byte[] json(NodeSelector selector) {
    try {
      return JSON.writeValueAsBytes(selector);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
  }
}
