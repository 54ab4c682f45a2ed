package io.backchannel.core.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/** The built-in codecs. */
public final class Codecs {
  private static final Codec CBOR = new JacksonCodec("application/cbor", new ObjectMapper(new CBORFactory()));
  private static final Codec JSON = new JacksonCodec("application/json", new ObjectMapper());

  private Codecs() {}

  /** CBOR (RFC 8949) through Jackson: compact and the default. */
  public static Codec cbor() {
    return CBOR;
  }

  /** JSON through Jackson: readable on the wire. */
  public static Codec json() {
    return JSON;
  }
}
