package io.backchannel.cli.node;

/**
 * What a sidecar tells the console about itself.
 *
 * @param nodeId the sidecar's node id
 * @param pid the sidecar's process id, proof that it is a process of its own
 * @param java the sidecar's Java runtime version
 */
public record Registration(String nodeId, long pid, String java) {}
