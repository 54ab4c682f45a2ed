package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backchannel.NotConnectedException;
import io.backchannel.core.Peer;
import io.backchannel.core.PeerBuilder;
import io.backchannel.core.node.Connection;
import io.backchannel.core.node.Target;
import io.backchannel.testing.Closer;
import io.backchannel.testing.Greeter;
import io.backchannel.testing.GreeterImpl;
import io.backchannel.testing.TestAuth;
import io.backchannel.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's broker-side model on a broker that demands SASL logins and refuses what no ACL
 * allows: the ACLs of {@link TenantAcls}, created here with the admin client. The console and
 * tenant acme's sidecar call each other with nothing but their own grants; tenant globex's user,
 * logged in and able to use its own prefix, can neither read, write, create nor see acme's topics.
 */
class KafkaAclTest {
  private static final String CONSOLE = "console";
  private static final String ACME = "acme-sidecar";
  private static final String GLOBEX = "globex-sidecar";
  private static final String ACME_INBOX = TenantAcls.tenantTopics("acme") + "inbox";
  private static final String GLOBEX_INBOX = TenantAcls.tenantTopics("globex") + "inbox";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The ACLs this test creates; the README shows them ({@link BrokerModelDocTest}). */
  static final List<AclBinding> MODEL = Stream.of(
      TenantAcls.console(CONSOLE), TenantAcls.tenant(ACME, "acme"), TenantAcls.tenant(GLOBEX, "globex"))
      .flatMap(List::stream).toList();

  private static TestBroker broker;
  /** The super user, for looking at what the broker holds. */
  private static Admin admin;

  @TempDir Path dir;
  private final Closer closer = new Closer();
  private TestCertificates certificates;
  private Peer console;

  @BeforeAll
  static void secureBroker() throws Exception {
    broker = TestBroker.builder().sasl(brokerSasl()).start();
    admin = broker.admin();
    admin.createAcls(MODEL).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    // The broker authorizes with its copy of the ACLs, which follows the controller's log.
    await().atMost(TIMEOUT).until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get(), MODEL::containsAll);
  }

  /** The broker's users; the README shows its settings ({@link BrokerModelDocTest}). */
  static BrokerSasl brokerSasl() {
    return BrokerSasl.users(CONSOLE, ACME, GLOBEX);
  }

  @AfterAll
  static void stopBroker() {
    // Whatever the setup got to.
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void consoleListensForEachTenant() {
    certificates = TestCertificates.create(dir);
    console = closer.register(peer("console").role("console").authenticator(TestAuth.authenticator())
        .export(Greeter.class, new GreeterImpl("console")).build());
    for (String inbox : List.of(ACME_INBOX, GLOBEX_INBOX)) {
      console.listen(broker.uri(inbox, certificates.server().query() + "&" + broker.login(CONSOLE)).toString());
    }
  }

  @AfterEach
  void close() {
    closer.close();
  }

  @Test
  void consoleAndTenantSidecarCallEachOtherWithOnlyTheirOwnGrants() throws Exception {
    Set<String> before = sessionTopics();
    Peer sidecar = acmeSidecar();
    Connection toConsole = sidecar.dial(dialUri(ACME_INBOX, ACME));
    Set<String> session = difference(sessionTopics(), before);

    assertThat(toConsole.proxy(Greeter.class).hello("ann")).isEqualTo("hello ann from console");
    assertThat(console.proxy(Greeter.class, Target.node("acme", "acme-1")).hello("bob"))
        .isEqualTo("hello bob from acme-1");
    assertThat(session).hasSize(2).allMatch(t -> t.startsWith(ACME_INBOX + ".session."));

    // The console deletes a closed session's topics: it needs DELETE as well as CREATE.
    sidecar.close();
    await().atMost(TIMEOUT).until(() -> Collections.disjoint(sessionTopics(), session));
  }

  @Test
  void anotherTenantCanNeitherReadWriteCreateNorSeeAcmesTopics() throws Exception {
    Set<String> before = sessionTopics();
    Connection toConsole = acmeSidecar().dial(dialUri(ACME_INBOX, ACME));
    assertThat(toConsole.proxy(Greeter.class).hello("ann")).isEqualTo("hello ann from console");
    Set<String> acme = Stream.concat(Stream.of(ACME_INBOX, ACME_INBOX + "-reply"),
        difference(sessionTopics(), before).stream()).collect(Collectors.toSet());
    assertThat(acme).hasSize(4);

    try (KafkaConsumer<byte[], byte[]> spy = new KafkaConsumer<>(spyConfig())) {
      spy.assign(acme.stream().map(t -> new TopicPartition(t, 0)).toList());
      spy.seekToBeginning(spy.assignment());
      TopicAuthorizationException refused = await().atMost(TIMEOUT).until(() -> readRefusal(spy), Objects::nonNull);
      assertThat(refused.unauthorizedTopics()).isEqualTo(acme);
    }
    try (KafkaProducer<byte[], byte[]> forger = new KafkaProducer<>(forgerConfig())) {
      for (String topic : acme) {
        byte[] junk = "forged".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> forger.send(new ProducerRecord<>(topic, junk)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
      }
    }
    try (Admin globexAdmin = Admin.create(broker.client(GLOBEX))) {
      // Its own prefix it sees: globex is logged in and granted, and still sees nothing of acme.
      assertThat(globexAdmin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).contains(GLOBEX_INBOX)
          .noneMatch(t -> t.startsWith(TenantAcls.tenantTopics("acme")));
      // A pre-created session topic would make the console skip that session's request as handled.
      NewTopic squat = new NewTopic(ACME_INBOX + ".session." + UUID.randomUUID() + ".c2s", 1, (short) 1);
      assertThatThrownBy(() -> globexAdmin.createTopics(List.of(squat)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .cause().isInstanceOf(TopicAuthorizationException.class);
    }
    Peer globex = closer.register(peer("globex-1").credential(TestAuth.token("globex", "globex-1", "node")).build());
    assertThatThrownBy(() -> globex.dial(dialUri(ACME_INBOX, GLOBEX)))
        .isInstanceOf(NotConnectedException.class).hasRootCauseInstanceOf(TopicAuthorizationException.class);

    assertThat(toConsole.proxy(Greeter.class).hello("again")).isEqualTo("hello again from console");
  }

  private Peer acmeSidecar() {
    return closer.register(peer("acme-1").credential(TestAuth.token("acme", "acme-1", "node"))
        .export(Greeter.class, new GreeterImpl("acme-1")).build());
  }

  private static PeerBuilder peer(String nodeId) {
    // Broker round trips are slower than sockets.
    return Peer.builder().nodeId(nodeId).connectTimeout(TIMEOUT).defaultDeadline(TIMEOUT);
  }

  private String dialUri(String inbox, String user) {
    return broker.uri(inbox, TestCertificates.param("ca", certificates.ca()) + "&serverName=localhost&"
        + broker.login(user)).toString();
  }

  /** Null while polling reads nothing and is not refused; fails the test if it reads a record. */
  private static @Nullable TopicAuthorizationException readRefusal(KafkaConsumer<byte[], byte[]> spy) {
    try {
      ConsumerRecords<byte[], byte[]> records = spy.poll(Duration.ofMillis(500));
      assertThat(records.count()).as("records read from another tenant's topics").isZero();
      return null;
    } catch (TopicAuthorizationException e) {
      return e;
    }
  }

  private static Map<String, Object> spyConfig() {
    Map<String, Object> c = new HashMap<>(broker.client(GLOBEX));
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return c;
  }

  private static Map<String, Object> forgerConfig() {
    Map<String, Object> c = new HashMap<>(broker.client(GLOBEX));
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return c;
  }

  /** Every session topic on the broker. */
  private static Set<String> sessionTopics() throws Exception {
    return admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
        .filter(t -> t.contains(".session.")).collect(Collectors.toSet());
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    return a.stream().filter(t -> !b.contains(t)).collect(Collectors.toSet());
  }
}
