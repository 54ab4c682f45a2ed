/**
 * The data codec SPI and the built-in CBOR and JSON codecs. A connection's codec is named by the
 * data MIME type of its RSocket SETUP frame.
 */
@NullMarked
package io.backchannel.core.codec;

import org.jspecify.annotations.NullMarked;
