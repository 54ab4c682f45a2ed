package io.backchannel.core;

import io.backchannel.apicheck.ApiListingCheck;
import org.junit.jupiter.api.Test;

/** The committed listing api/backchannel-core.api matches the code; see docs/api-listing.md. */
class ApiListingTest {

  @Test
  void committedApiListingMatchesTheCompiledClasses() {
    ApiListingCheck.verify("backchannel-core", Peer.class);
  }
}
