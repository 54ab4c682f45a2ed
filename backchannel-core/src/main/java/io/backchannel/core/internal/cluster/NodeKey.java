package io.backchannel.core.internal.cluster;

/** One node of the cluster, whichever console holds it. */
record NodeKey(String tenant, String nodeId) {}
