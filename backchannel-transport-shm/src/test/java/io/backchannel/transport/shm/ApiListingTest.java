package io.backchannel.transport.shm;

import io.backchannel.apicheck.ApiListingCheck;
import org.junit.jupiter.api.Test;

/** The committed listing api/backchannel-transport-shm.api matches the code; see docs/api-listing.md. */
class ApiListingTest {

  @Test
  void committedApiListingMatchesTheCompiledClasses() {
    ApiListingCheck.verify("backchannel-transport-shm", ShmTransportFactory.class);
  }
}
