/**
 * Internal: the responder side. Turns inbound RSocket requests into handler invocations on worker
 * threads, never on the I/O thread that delivered them. Not API.
 */
@NullMarked
package io.backchannel.core.internal.dispatch;

import org.jspecify.annotations.NullMarked;
