/**
 * Internal: what a {@code @RemoteService} interface means on the wire, validated once per
 * interface. Not API; may change without notice.
 */
@NullMarked
package io.backchannel.core.internal.service;

import org.jspecify.annotations.NullMarked;
