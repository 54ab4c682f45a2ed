package io.backchannel.transport.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.SecurityUtils;

/**
 * The broker-side model of the module README ("Broker-side model"), as ACLs: the least each side
 * of the transport needs. All names a listener uses derive from its URI's topic ({@code <topic>},
 * {@code <topic>-reply}, {@code <topic>.session.<id>.c2s|s2c}, group {@code backchannel-<topic>}),
 * so one listener per tenant under {@code console.<tenant>.} gives every tenant a prefix of its own.
 * READ, WRITE and DELETE imply DESCRIBE; WRITE on some topic lets an idempotent producer start
 * (no IDEMPOTENT_WRITE on the cluster); no transactional ids are used.
 */
final class TenantAcls {
  /** Prefix of every topic the console listens on and creates. */
  static final String CONSOLE_TOPICS = "console.";
  /** Prefix of the console's request-topic consumer groups (the default {@code backchannel-<topic>}). */
  static final String CONSOLE_GROUPS = "backchannel-console.";

  private TenantAcls() {}

  /** A tenant's topic prefix; the dot keeps {@code acme} from matching {@code acme2}'s topics. */
  static String tenantTopics(String tenant) {
    return CONSOLE_TOPICS + tenant + ".";
  }

  /**
   * The listener: creates request, reply and session topics, deletes session topics when sessions
   * close or die, reads requests (consumer group, committed offsets) and client-to-server records,
   * writes confirmations and server-to-client records.
   */
  static List<AclBinding> console(String user) {
    List<AclBinding> acls = new ArrayList<>();
    for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE)) {
      acls.add(allow(user, ResourceType.TOPIC, CONSOLE_TOPICS, op));
    }
    acls.add(allow(user, ResourceType.GROUP, CONSOLE_GROUPS, AclOperation.READ));
    return acls;
  }

  /**
   * A tenant's dialer: writes connection requests and client-to-server records, reads the reply
   * topic and server-to-client records, with manual assignment (no group) and no topic creation.
   */
  static List<AclBinding> tenant(String user, String tenant) {
    return List.of(
        allow(user, ResourceType.TOPIC, tenantTopics(tenant), AclOperation.READ),
        allow(user, ResourceType.TOPIC, tenantTopics(tenant), AclOperation.WRITE));
  }

  /** The {@code kafka-acls.sh} commands that create {@code acls}: one per principal and resource pattern. */
  static String commands(List<AclBinding> acls) {
    Map<String, List<AclBinding>> byTarget = acls.stream().collect(Collectors.groupingBy(
        a -> a.entry().principal() + " " + a.pattern(), LinkedHashMap::new, Collectors.toList()));
    StringBuilder out = new StringBuilder();
    byTarget.values().forEach(same -> {
      AclBinding first = same.getFirst();
      out.append("kafka-acls.sh --bootstrap-server k1:9093 --command-config admin.properties --add \\\n")
          .append("  --allow-principal ").append(first.entry().principal());
      same.forEach(a -> out.append(" --operation ").append(SecurityUtils.operationName(a.entry().operation())));
      out.append(" \\\n  --resource-pattern-type prefixed --")
          .append(first.pattern().resourceType() == ResourceType.GROUP ? "group" : "topic")
          .append(' ').append(first.pattern().name()).append('\n');
    });
    return out.toString();
  }

  private static AclBinding allow(String user, ResourceType type, String prefix, AclOperation op) {
    return new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }
}
