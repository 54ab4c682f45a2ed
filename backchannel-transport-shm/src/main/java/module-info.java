import io.backchannel.core.transport.TransportFactory;
import io.backchannel.transport.shm.ShmTransportFactory;

/**
 * Shared-memory transport: its factory is the one public type, found through {@link
 * TransportFactory}. On the module path it needs {@code
 * --enable-native-access=io.backchannel.transport.shm} (the futex call).
 */
module io.backchannel.transport.shm {
  // Transitive: the exported factory implements core's TransportFactory.
  requires transitive io.backchannel.core;
  requires org.slf4j;
  requires jdk.net; // SO_PEERCRED: who is at the other end of the handshake socket

  exports io.backchannel.transport.shm;

  provides TransportFactory with
      ShmTransportFactory;
}
