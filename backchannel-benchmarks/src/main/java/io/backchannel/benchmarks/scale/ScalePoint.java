package io.backchannel.benchmarks.scale;

/**
 * The console's cost at one number of connected sessions.
 *
 * @param heapMiB heap used after full GCs, whole console JVM
 * @param heapPerSessionKiB (heap now − heap with no session) / sessions
 * @param directMiB direct memory Netty's pooled allocator holds
 * @param rssMiB the console process's resident set
 * @param connectSeconds how long the dialer took to bring the console to this many sessions
 * @param lookupNanos mean time of {@code Peer.connection(nodeId)} for a random node
 * @param callP50Micros p50 of a call to a random node by id ({@code Target.node}), µs
 * @param callP99Micros p99 of the same, µs
 */
public record ScalePoint(
    int sessions,
    double heapMiB,
    double heapPerSessionKiB,
    double directMiB,
    double rssMiB,
    double connectSeconds,
    double lookupNanos,
    double callP50Micros,
    double callP99Micros) {

  /** One line, tab-separated, as the console process prints it. */
  public String toLine() {
    return "POINT\t" + sessions + "\t" + heapMiB + "\t" + heapPerSessionKiB + "\t" + directMiB + "\t" + rssMiB + "\t"
        + connectSeconds + "\t" + lookupNanos + "\t" + callP50Micros + "\t" + callP99Micros;
  }

  /** Parses {@link #toLine()}. */
  public static ScalePoint parse(String line) {
    String[] f = line.split("\t");
    return new ScalePoint(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
        Double.parseDouble(f[8]), Double.parseDouble(f[9]));
  }
}
