#!/usr/bin/env bash
# Runs the benchmark suite (docs/benchmarks.md): builds the shaded jar if needed, then
#   backchannel-benchmarks/bench.sh            # bounded default, about five minutes
#   backchannel-benchmarks/bench.sh --long     # every transport and size, 3 interleaved rounds (about an hour)
# Other flags: --rounds N, --only latency,throughput,streams,payload,scale, --out DIR (default docs/benchmarks).
#   backchannel-benchmarks/bench.sh --cluster  # the console cluster (broker, 3 consoles, sidecars): about 5 minutes
#                                              # flags: --sessions N (default: what the open-file limit allows),
#                                              # --out DIR (default docs/benchmarks/cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
# JDK 25: the Temurin install if present, else JAVA_HOME, else the java on the PATH.
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
if [[ ! -x "$java" ]]; then
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
fi
if [[ ! -f backchannel-benchmarks/target/benchmarks.jar ]]; then
  ./mvnw -B -q -pl backchannel-benchmarks -am package -DskipTests
fi
# 10,000 sessions need 10,000 sockets in each of two processes.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
main=io.backchannel.benchmarks.suite.BenchSuite
if [[ "${1:-}" == "--cluster" ]]; then
  shift
  main=io.backchannel.benchmarks.cluster.ClusterBench
fi
exec "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp backchannel-benchmarks/target/benchmarks.jar "$main" "$@"
