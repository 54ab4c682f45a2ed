package io.backchannel.core.internal.wire;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mapper of the JSON that Backchannel itself puts on the wire (hello, control, origin, error
 * and node-listing entries): Jackson 3 writing and reading exactly what the Jackson 2 mapper did
 * (WireJsonFormatTest), ignoring unknown properties so that peers can add some.
 */
public final class WireJson {
  public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          // The codecs' shared pool: a thread-local one recycles nothing on virtual threads.
          .recyclerPool(JsonRecyclerPools.sharedBoundedPool())
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).maxStringLength(20_000_000).build())
          .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(1000).build())
          .disable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build())
      .configureForJackson2()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private WireJson() {}
}
