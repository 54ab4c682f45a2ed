package io.backchannel;

import io.backchannel.apicheck.ApiListingCheck;
import org.junit.jupiter.api.Test;

/** The committed listing api/backchannel-api.api matches the code; see docs/api-listing.md. */
class ApiListingTest {

  @Test
  void committedApiListingMatchesTheCompiledClasses() {
    ApiListingCheck.verify("backchannel-api", BackchannelException.class);
  }
}
