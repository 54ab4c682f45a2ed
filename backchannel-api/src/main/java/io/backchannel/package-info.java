/**
 * What a service interface jar needs: the annotations that describe a remote interface and the
 * exceptions a caller may see. Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.backchannel;

import org.jspecify.annotations.NullMarked;
