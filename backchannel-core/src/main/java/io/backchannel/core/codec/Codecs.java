package io.backchannel.core.codec;

/** The built-in codecs. */
public final class Codecs {
  private static final Codec CBOR = new JacksonCodec("application/cbor", JacksonMappers.cbor(), true);
  private static final Codec JSON = new JacksonCodec("application/json", JacksonMappers.json(), false);

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
