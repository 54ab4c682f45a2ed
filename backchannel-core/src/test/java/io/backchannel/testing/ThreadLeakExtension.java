package io.backchannel.testing;

import static org.awaitility.Awaitility.await;

import io.backchannel.testing.LiveThreads.LiveThread;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Fails a test class that leaves a Backchannel thread running (see {@link
 * LiveThreads#isBackchannel}) once it has closed what it opened: the threads alive after the class
 * that were not alive before it must all end within {@link #GRACE}, since closing a peer or
 * transport may finish asynchronously. Registered for every test class, in every module that uses
 * core's test-jar, through JUnit's extension auto-detection, beside {@link LeakCheckExtension}.
 */
public final class ThreadLeakExtension implements BeforeAllCallback, AfterAllCallback {
  static final Duration GRACE = Duration.ofSeconds(10);
  private static final Namespace NAMESPACE = Namespace.create(ThreadLeakExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put(context.getUniqueId(), Set.copyOf(LiveThreads.backchannel().keySet()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    @SuppressWarnings("unchecked")
    Set<String> before = (Set<String>) context.getStore(NAMESPACE).remove(context.getUniqueId(), Set.class);
    if (before == null) {
      return;
    }
    try {
      await().atMost(GRACE).pollInterval(Duration.ofMillis(100)).until(() -> started(before).isEmpty());
    } catch (ConditionTimeoutException e) {
      Map<String, LiveThread> leaked = started(before);
      if (!leaked.isEmpty()) {
        throw new AssertionError(leaked.size() + " Backchannel thread(s) still running " + GRACE.toSeconds()
            + " s after " + context.getDisplayName() + " ended:\n  "
            + leaked.values().stream().map(LiveThread::toString).collect(Collectors.joining("\n  ")));
      }
    }
  }

  private static Map<String, LiveThread> started(Set<String> before) {
    Map<String, LiveThread> now = LiveThreads.backchannel();
    now.keySet().removeAll(before);
    return now;
  }
}
