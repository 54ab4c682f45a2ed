package io.backchannel.core.internal.session;

import io.backchannel.core.internal.proxy.CallerSettings;
import org.jspecify.annotations.Nullable;

/**
 * What every session of one peer shares: who this node is, whom it trusts as its hub, the tenant
 * rule, and the collaborators that serve a session's built-in requests.
 *
 * @param hubId the node id of this node's hub, if it has one
 */
public record SessionEnvironment(
    LocalNode self,
    @Nullable String hubId,
    TenantPolicy tenants,
    CallerSettings callers,
    NodeListing listing,
    SessionControl control,
    RelayTargets relay) {}
