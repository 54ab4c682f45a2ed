package io.backchannel.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for every test
 * class through JUnit's extension auto-detection. Netty only reports a leak when the leaked buffer
 * has been collected and a later allocation polls the reference queue, hence the GC and the
 * allocations.
 */
public final class LeakCheckExtension implements AfterAllCallback {

  @Override
  public void afterAll(ExtensionContext context) {
    if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
      return;
    }
    for (int round = 0; round < 3; round++) {
      System.gc();
      for (int i = 0; i < 64; i++) {
        release(PooledByteBufAllocator.DEFAULT.directBuffer(16));
        release(ByteBufAllocator.DEFAULT.heapBuffer(16));
      }
    }
    List<String> leaks = new ArrayList<>(RecordingLeakDetector.LEAKS);
    RecordingLeakDetector.LEAKS.clear();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size() + " Netty buffer leak(s) in " + context.getDisplayName() + ":\n" + String.join("\n", leaks));
    }
  }

  private static void release(ByteBuf buffer) {
    buffer.release();
  }
}
