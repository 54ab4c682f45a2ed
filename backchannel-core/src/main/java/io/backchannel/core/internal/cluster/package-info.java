/**
 * The console cluster ({@code docs/cluster.md}): what this console publishes to its {@code
 * ClusterStore} ({@code ClusterMember}), what it has read from it with the liveness, epoch and
 * health rules ({@code ClusterView}), the registry that merges both ({@code MergedRegistry}) and its
 * listener events ({@code MergedEvents}).
 * Nothing here is stable API.
 */
@NullMarked
package io.backchannel.core.internal.cluster;

import org.jspecify.annotations.NullMarked;
