/**
 * Internal: every call as a Micrometer Observation on either side, its trace context in the
 * request's metadata, and its trace id in the handler's MDC. Not API.
 */
@NullMarked
package io.backchannel.core.internal.tracing;

import org.jspecify.annotations.NullMarked;
