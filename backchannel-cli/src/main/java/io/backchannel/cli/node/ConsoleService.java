package io.backchannel.cli.node;

import io.backchannel.core.CallContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The console's {@link ConsoleApi}: keeps each registration and remembers who called what, so the
 * demo can show the console's side of calls that sidecars started. Thread-safe.
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

  private final List<Registration> registrations = new CopyOnWriteArrayList<>();
  private final List<Served> served = new CopyOnWriteArrayList<>();
  private final Consumer<Registration> onRegister;

  /** {@code onRegister} runs on the handler thread for each registration. */
  public ConsoleService(Consumer<Registration> onRegister) {
    this.onRegister = Objects.requireNonNull(onRegister, "onRegister");
  }

  @Override
  public void register(Registration registration) {
    record();
    registrations.add(registration);
    onRegister.accept(registration);
  }

  @Override
  public String config(String nodeId) {
    record();
    return "job=" + JOBS.getOrDefault(nodeId, "standby");
  }

  /** Every registration so far, oldest first. */
  public List<Registration> registrations() {
    return List.copyOf(registrations);
  }

  /** Every call served so far, oldest first. */
  public List<Served> served() {
    return List.copyOf(served);
  }

  private void record() {
    CallContext call = CallContext.current().orElseThrow();
    served.add(new Served(call.route(), call.remoteNode(), call.requestId()));
  }
}
