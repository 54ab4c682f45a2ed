package io.backchannel.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module README's "Broker-side model" shows, verbatim, the broker settings and ACLs that
 * {@link KafkaAclTest} runs with (passwords as {@code ...}): change one, and this says which
 * block to update.
 */
class BrokerModelDocTest {
  private static final Path README = Path.of("README.md");

  @Test
  void readmeShowsTheBrokerSettingsKafkaAclTestRuns() throws Exception {
    String settings = KafkaAclTest.brokerSasl().brokerProperties(user -> "...").entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n"));
    assertThat(Files.readString(README)).as("README block of broker settings").contains(settings);
  }

  @Test
  void readmeShowsTheAclsKafkaAclTestCreates() throws Exception {
    assertThat(Files.readString(README)).as("README block of ACLs").contains(TenantAcls.commands(KafkaAclTest.MODEL));
  }
}
