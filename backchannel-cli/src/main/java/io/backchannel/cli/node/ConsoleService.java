package io.backchannel.cli.node;

import io.backchannel.core.CallContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The console's {@link ConsoleApi}: keeps the recent registrations and remembers who called what,
 * so the demo can show the console's side of calls that sidecars started. Each history keeps the
 * last {@value #HISTORY} entries, so no node can grow the console's memory by calling it. A node
 * registers and reads the config of itself only: the node id is the one its connection
 * authenticated ({@link CallContext#remoteNode()}), whatever it names. Thread-safe.
 */
public final class ConsoleService implements ConsoleApi {
  private static final Map<String, String> JOBS = Map.of(
      "sidecar-1", "sync orders-db -> warehouse",
      "sidecar-2", "sync billing-db -> ledger");

  /**
   * A call the console served.
   *
   * @param route the route called
   * @param caller the node id of the caller, as the connection knows it (not as the caller claims)
   * @param requestId the id both sides log for the call
   */
  public record Served(String route, String caller, String requestId) {}

  /** How many registrations and served calls the console remembers. */
  public static final int HISTORY = 1_000;

  private final RecentHistory<Registration> registrations = new RecentHistory<>(HISTORY);
  private final RecentHistory<Served> served = new RecentHistory<>(HISTORY);
  private final Consumer<Registration> onRegister;

  /** {@code onRegister} runs on the handler thread for each registration. */
  public ConsoleService(Consumer<Registration> onRegister) {
    this.onRegister = Objects.requireNonNull(onRegister, "onRegister");
  }

  @Override
  public void register(Registration registration) {
    CallContext call = record();
    requireSelf(call, registration.nodeId(), "register as");
    registrations.add(registration);
    onRegister.accept(registration);
  }

  @Override
  public String config(String nodeId) {
    requireSelf(record(), nodeId, "read the config of");
    return "job=" + JOBS.getOrDefault(nodeId, "standby");
  }

  /** The last {@value #HISTORY} registrations, oldest first. */
  public List<Registration> registrations() {
    return registrations.snapshot();
  }

  /** The last {@value #HISTORY} calls served, oldest first. */
  public List<Served> served() {
    return served.snapshot();
  }

  private CallContext record() {
    CallContext call = CallContext.current().orElseThrow();
    served.add(new Served(call.route(), call.remoteNode(), call.requestId()));
    return call;
  }

  /** Refuses a caller that names another node than the one its connection authenticated. */
  private static void requireSelf(CallContext call, String nodeId, String action) {
    if (!call.remoteNode().equals(nodeId)) {
      throw new SecurityException("node " + call.remoteNode() + " may not " + action + " another node");
    }
  }
}
