package io.backchannel.core.codec;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Month;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.util.RecyclerPool;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.dataformat.cbor.CBORReadFeature;
import tools.jackson.dataformat.cbor.CBORWriteFeature;

/**
 * The mappers of the built-in codecs: Jackson 3, set to write exactly the bytes the Jackson 2
 * codecs wrote and to accept what they accepted (docs/protocol.md; CodecWireFormatTest pins both).
 * Default typing stays off, so the wire can never name a class to instantiate.
 */
final class JacksonMappers {
  /**
   * One pool of encode/decode buffers for every mapper and thread. Calls run on virtual threads,
   * so Jackson 2's thread-local pool recycled nothing; bounded, so a burst of concurrent calls
   * does not pin its buffers for good.
   */
  static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.sharedBoundedPool();

  // Jackson 2's limits (Jackson 3 allows longer strings and half the nesting).
  private static final StreamReadConstraints READ_LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(1000).maxStringLength(20_000_000).build();
  private static final StreamWriteConstraints WRITE_LIMITS = StreamWriteConstraints.builder().maxNestingDepth(1000).build();

  private JacksonMappers() {}

  static ObjectMapper cbor() {
    CBORFactory factory = CBORFactory.builder()
        .recyclerPool(BUFFERS)
        .streamReadConstraints(READ_LIMITS)
        .streamWriteConstraints(WRITE_LIMITS)
        // Jackson 2 wrote a negative bignum n as tag 3 over |n|, not RFC 8949's |n| - 1.
        .disable(CBORWriteFeature.ENCODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
        .disable(CBORReadFeature.DECODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
        // undefined reads as null, other simple values as numbers.
        .disable(CBORReadFeature.READ_UNDEFINED_AS_EMBEDDED_OBJECT)
        .disable(CBORReadFeature.READ_SIMPLE_VALUE_AS_EMBEDDED_OBJECT)
        .build();
    return codecDefaults(CBORMapper.builder(factory)).addModule(CborBinary.MODULE).build();
  }

  static ObjectMapper json() {
    JsonFactory factory = JsonFactory.builder()
        .recyclerPool(BUFFERS)
        .streamReadConstraints(READ_LIMITS)
        .streamWriteConstraints(WRITE_LIMITS)
        // Jackson 2 escaped characters outside the BMP as two \\u escapes.
        .disable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .build();
    return codecDefaults(JsonMapper.builder(factory)).build();
  }

  /** Jackson 2's defaults, then the codec's own settings as they were. */
  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B codecDefaults(B builder) {
    return builder
        .configureForJackson2()
        // What configureForJackson2 leaves at Jackson 3's default.
        .accessorNaming(new LegacyBeanNaming())
        .disable(MapperFeature.ALLOW_VOID_VALUED_PROPERTIES)
        .enable(MapperFeature.DEFAULT_VIEW_INCLUSION)
        // Jackson 2 wrote a Month as its name, Jackson 3 as its index unless the shape says text.
        .withConfigOverride(Month.class, month -> month.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
        // The Jackson 2 codec registered the parameter-names, JDK 8 and java.time modules, now built in.
        .enable(MapperFeature.DETECT_PARAMETER_NAMES)
        // The codec's choices: peers may add fields; dates as ISO-8601 text; empty beans allowed.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        // The caller owns the stream.
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE);
  }
}
