package io.backchannel.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a proxy of the field's {@code @RemoteService} interface, its target chosen here. Works
 * on fields of any bean (the starter sets them before the bean's init methods run), with or
 * without {@link EnableBackchannelClients}:
 *
 * <pre>{@code
 * @BackchannelClient(strategy = TargetStrategy.NODE, nodeId = "sidecar-1") Worker worker;
 * @BackchannelClient(strategy = TargetStrategy.STICKY, key = "tenant-a", tags = "zone=eu") Worker pinned;
 * @BackchannelClient Console console; // the dialed link, or else the least loaded exporter
 * }</pre>
 *
 * <p>With {@link TargetStrategy#DEFAULT} and nothing else set, {@code backchannel.clients.<service>.*}
 * decides, as for {@link EnableBackchannelClients}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface BackchannelClient {
  TargetStrategy strategy() default TargetStrategy.DEFAULT;

  /** The node id, for {@link TargetStrategy#NODE}. */
  String nodeId() default "";

  /** The tenant the node or the selected nodes must belong to; empty for this node's own. */
  String tenant() default "";

  /** The service the selected nodes must export; empty for the field's own service. */
  String service() default "";

  /** Tags the selected nodes must carry, each {@code key=value}. */
  String[] tags() default {};

  /** The sticky key, for {@link TargetStrategy#STICKY}. */
  String key() default "";
}
