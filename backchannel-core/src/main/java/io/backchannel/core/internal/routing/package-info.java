/**
 * Internal: the first level of routing, which connected node a call goes to (by node id, relayed
 * through the hub, sticky, round-robin, least-loaded, or every match for a broadcast). Not API.
 */
@NullMarked
package io.backchannel.core.internal.routing;

import org.jspecify.annotations.NullMarked;
