package io.backchannel.core.internal.session;

import io.backchannel.core.internal.proxy.CallerSettings;
import java.util.Set;

/**
 * What every session of one peer shares: who this node is, whom it trusts as its hub, the tenant
 * rule, and the collaborators that serve a session's built-in requests.
 *
 * @param hubIds the node ids of this node's hubs (one, or the consoles of a cluster)
 */
public record SessionEnvironment(
    LocalNode self,
    Set<String> hubIds,
    TenantPolicy tenants,
    CallerSettings callers,
    NodeListing listing,
    SessionControl control,
    RelayTargets relay) {}
