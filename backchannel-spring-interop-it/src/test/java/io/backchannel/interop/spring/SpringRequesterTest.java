package io.backchannel.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.core.Peer;
import io.backchannel.testing.Closer;
import io.backchannel.testing.TestAuth;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.InvalidException;
import io.rsocket.exceptions.RejectedSetupException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.messaging.rsocket.RSocketStrategies;
import org.springframework.messaging.rsocket.service.RSocketServiceProxyFactory;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's own RSocket client calls a Backchannel peer over real TCP, configured only as
 * docs/protocol.md's "Calling from Spring's RSocketRequester" says; the code blocks of that section
 * are copied from this class and {@link InventoryClient} ({@link ProtocolDocTest} keeps them equal).
 * No Backchannel class touches the client's wire.
 */
class SpringRequesterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final JsonMapper JSON = new JsonMapper();

  private final Closer closer = new Closer();
  private final InventoryImpl inventory = new InventoryImpl();
  private URI uri;
  private RSocketRequester requester;

  @BeforeEach
  void listen() {
    Peer console = closer.register(Peer.builder().nodeId("console")
        .authenticator(TestAuth.authenticator())
        .export(Inventory.class, inventory)
        .build());
    uri = closer.register(console.listen("tcp://127.0.0.1:0")).uri();
    requester = connect(uri.getHost(), uri.getPort(), TestAuth.token("spring-app"));
    closer.register(requester::dispose);
  }

  @AfterEach
  void close() {
    closer.close();
  }

  // docs/protocol.md "Calling from Spring's RSocketRequester": connect, from here
  static RSocketRequester connect(String host, int port, String token) {
    RSocketStrategies strategies = RSocketStrategies.builder()
        .encoder(new JacksonJsonEncoder())
        .decoder(new JacksonJsonDecoder())
        .build();
    // RSocket's authentication extension: 0x81 is the well-known type "bearer", then the token.
    byte[] jwt = token.getBytes(StandardCharsets.UTF_8);
    byte[] bearer = ByteBuffer.allocate(1 + jwt.length).put((byte) 0x81).put(jwt).array();
    return RSocketRequester.builder()
        .rsocketStrategies(strategies)
        .metadataMimeType(MimeType.valueOf("message/x.rsocket.composite-metadata.v0"))
        .dataMimeType(MimeTypeUtils.APPLICATION_JSON)
        .setupMetadata(bearer, MimeType.valueOf("message/x.rsocket.authentication.v0"))
        .tcp(host, port);
  }
  // to here

  @Test
  void callsEveryInteractionModelWithArgumentArrays() {
    // docs/protocol.md "Calling from Spring's RSocketRequester": calls, from here
    Item item = requester.route("Inventory.find")
        .data(List.of("sku-1"))
        .retrieveMono(Item.class)
        .block();
    Item restocked = requester.route("Inventory.restock")
        .data(List.of("sku-1", 3))
        .retrieveMono(Item.class)
        .block();
    List<Item> items = requester.route("Inventory.list")
        .data(List.of(2))
        .retrieveFlux(Item.class)
        .collectList()
        .block();
    requester.route("Inventory.audit")
        .data(List.of("counted"))
        .send()
        .block();
    // to here
    assertThat(item).isEqualTo(new Item("sku-1", 7));
    assertThat(restocked).isEqualTo(new Item("sku-1", 10));
    assertThat(items).containsExactly(new Item("sku-1", 1), new Item("sku-2", 2));
    await().atMost(WAIT).until(() -> inventory.audits.contains("counted"));
  }

  @Test
  void anExchangeInterfaceCallsThroughTheSameRoutes() {
    // docs/protocol.md "Calling from Spring's RSocketRequester": exchange proxy, from here
    InventoryClient client = RSocketServiceProxyFactory.builder(requester)
        .blockTimeout(Duration.ofSeconds(10))
        .build()
        .createClient(InventoryClient.class);
    Item item = client.find("sku-1").block();
    Item restocked = client.restock("sku-1", 3);
    // to here
    assertThat(item).isEqualTo(new Item("sku-1", 7));
    assertThat(restocked).isEqualTo(new Item("sku-1", 10));
    assertThat(client.list(2).collectList().block(WAIT)).containsExactly(new Item("sku-1", 1), new Item("sku-2", 2));
    client.audit("via exchange").block(WAIT);
    await().atMost(WAIT).until(() -> inventory.audits.contains("via exchange"));
  }

  @Test
  void theTokenNamesTheCallerAndMetadataEntriesReachTheHandler() {
    // docs/protocol.md "Calling from Spring's RSocketRequester": metadata, from here
    Inventory.CallSeen seen = requester.route("Inventory.seen")
        .metadata("order-42", MimeType.valueOf("application/x.backchannel.request-id"))
        .metadata(ByteBuffer.allocate(8).putLong(5_000).flip(), MimeType.valueOf("application/x.backchannel.deadline"))
        .retrieveMono(Inventory.CallSeen.class)
        .block();
    // to here
    assertThat(seen.remoteNode()).isEqualTo("spring-app");
    assertThat(seen.requestId()).isEqualTo("order-42");
    assertThat(seen.remainingMillis()).isBetween(1L, 5_000L);
    // A method without parameters ignores its data, so an exchange method's empty array is fine.
    Inventory.CallSeen withEmptyArray = requester.route("Inventory.seen").data(List.of())
        .retrieveMono(Inventory.CallSeen.class).block(WAIT);
    assertThat(withEmptyArray.remoteNode()).isEqualTo("spring-app");
  }

  @Test
  void springReadsAStringResultAsRawTextSoReadItAsJson() {
    String raw = requester.route("Inventory.describe").data(List.of("sku-1")).retrieveMono(String.class).block(WAIT);
    assertThat(raw).as("the JSON text, quotes and escapes included").isEqualTo("\"sku-1 \\\"in stock\\\"\"");
    // docs/protocol.md "Calling from Spring's RSocketRequester": string result, from here
    String description = requester.route("Inventory.describe")
        .data(List.of("sku-1"))
        .retrieveMono(JsonNode.class)
        .map(JsonNode::asString)
        .block();
    // to here
    assertThat(description).isEqualTo("sku-1 \"in stock\"");
  }

  @Test
  void aTypedErrorArrivesAsApplicationErrorWithTheDocumentedJson() {
    assertThatThrownBy(() -> requester.route("Inventory.find")
        .metadata("order-43", MimeType.valueOf("application/x.backchannel.request-id"))
        .data(List.of("sku-9")).retrieveMono(Item.class).block(WAIT))
        .isInstanceOfSatisfying(ApplicationErrorException.class, e -> {
          JsonNode error = json(e.getMessage());
          assertThat(error.get("status").asString()).isEqualTo("REMOTE");
          assertThat(error.get("message").asString()).isEqualTo("no item sku-9");
          assertThat(error.get("requestId").asString()).isEqualTo("order-43");
          assertThat(error.get("type").asString()).isEqualTo(NoSuchItemException.class.getName());
          assertThat(error.get("types").valueStream().map(JsonNode::asString))
              .startsWith(NoSuchItemException.class.getName(), Exception.class.getName());
        });
  }

  @Test
  void aBadRouteOrArgumentIsInvalidWithTheDocumentedStatus() {
    assertThatThrownBy(() -> requester.route("Inventory.nope").data(List.of()).retrieveMono(Item.class).block(WAIT))
        .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(status(e)).isEqualTo("UNKNOWN_ROUTE"));
    assertThatThrownBy(() -> requester.route("Inventory.find").data(List.of("sku-1")).retrieveFlux(Item.class)
        .blockLast(WAIT))
        .as("a stream request for a request-response method")
        .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(status(e)).isEqualTo("UNKNOWN_ROUTE"));
    assertThatThrownBy(() -> requester.route("Inventory.find").data("sku-1").retrieveMono(Item.class).block(WAIT))
        .as("a bare value instead of the argument array")
        .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(status(e)).isEqualTo("CODEC"));
  }

  @Test
  void aRefusedTokenArrivesAsRejectedSetup() {
    RSocketRequester stranger = connect(uri.getHost(), uri.getPort(), "not-a-token");
    closer.register(stranger::dispose);
    assertThatThrownBy(() -> stranger.route("Inventory.find").data(List.of("sku-1")).retrieveMono(Item.class)
        .block(WAIT))
        .isInstanceOfSatisfying(RejectedSetupException.class, e -> assertThat(e.getMessage()).startsWith("malformed token"));
  }

  private static String status(Exception e) {
    return json(e.getMessage()).get("status").asString();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (tools.jackson.core.JacksonException e) {
      throw new AssertionError(text, e);
    }
  }
}
