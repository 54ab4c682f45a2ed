package io.backchannel.cluster.kafka;

import io.backchannel.apicheck.ApiListingCheck;
import org.junit.jupiter.api.Test;

/** The committed listing api/backchannel-cluster-kafka.api matches the code; see docs/api-listing.md. */
class ApiListingTest {

  @Test
  void committedApiListingMatchesTheCompiledClasses() {
    ApiListingCheck.verify("backchannel-cluster-kafka", KafkaClusterStore.class);
  }
}
