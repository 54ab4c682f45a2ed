package io.backchannel.transport.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * The main class of the broker JVM that {@link TestBroker} starts: one KRaft node acting as broker
 * and controller on {@code 127.0.0.1}. Arguments: data directory, client port, controller port,
 * and optionally a properties file put over the plaintext config (how {@link TestBroker} turns on
 * SASL and ACLs, see {@link BrokerSasl}). The listeners are named {@code CLIENT} and {@code
 * CONTROLLER} whatever their protocol, so an overlay only remaps protocols and adds settings.
 * Formats the directory on first start only, so a restart keeps every topic and record. Prints
 * {@value #READY} once the broker serves clients, and halts when its parent closes stdin (dies).
 */
final class BrokerMain {
  static final String READY = "BACKCHANNEL TEST BROKER READY";

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Properties props = config(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    if (args.length > 3) {
      try (Reader in = Files.newBufferedReader(Path.of(args[3]))) {
        props.load(in);
      }
    }
    Path file = dir.resolve("server.properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      props.store(out, null);
    }
    if (!Files.exists(dir.resolve("logs/meta.properties"))) {
      int rc = StorageTool.execute(
          new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()}, System.out);
      if (rc != 0) {
        System.exit(rc);
      }
    }
    Thread.ofPlatform().daemon().start(() -> {
      try {
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        // the parent is gone either way
      }
      Runtime.getRuntime().halt(0);
    });
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    System.out.println(READY);
    System.out.flush();
    server.awaitShutdown();
  }

  private static Properties config(Path dir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "CLIENT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "CLIENT");
    p.put("listener.security.protocol.map", "CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("logs").toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Two shared cores: keep the broker's thread pools small.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.enable", "false");
    return p;
  }
}
