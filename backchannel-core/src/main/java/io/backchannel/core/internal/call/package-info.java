/** Internal: per-call context shared by the caller and responder sides. Not API. */
@NullMarked
package io.backchannel.core.internal.call;

import org.jspecify.annotations.NullMarked;
