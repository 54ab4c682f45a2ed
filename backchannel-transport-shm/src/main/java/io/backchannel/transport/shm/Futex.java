package io.backchannel.transport.shm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux futex wait and wake on a 32-bit word of a shared mapping, through the FFM {@code
 * syscall(2)} downcall. The ops are the non-private ones because the word is shared between
 * processes. Thread-safe; {@link #await} blocks the calling thread.
 */
final class Futex {
  private static final Logger log = LoggerFactory.getLogger(Futex.class);

  private static final int FUTEX_WAIT = 0;
  private static final int FUTEX_WAKE = 1;

  private static final Optional<Futex> INSTANCE = load();

  private final MethodHandle syscall;
  private final long sysFutex;

  private Futex(MethodHandle syscall, long sysFutex) {
    this.syscall = syscall;
    this.sysFutex = sysFutex;
  }

  /** The futex, or empty (after one INFO line) where the OS, the CPU or native access rule it out. */
  static Optional<Futex> available() {
    return INSTANCE;
  }

  /**
   * Sleeps while {@code word} holds {@code expected}, at most {@code timeoutNanos}; returns at once
   * if it does not. May return spuriously: callers re-check their condition.
   *
   * @param timespec a 16-byte {@code struct timespec} owned by the calling thread
   */
  void await(MemorySegment word, int expected, long timeoutNanos, MemorySegment timespec) {
    timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
    timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
    invoke(word, FUTEX_WAIT, expected, timespec);
  }

  /** Wakes at most one thread sleeping on {@code word}, in any process. */
  void wakeOne(MemorySegment word) {
    invoke(word, FUTEX_WAKE, 1, MemorySegment.NULL);
  }

  /** A timespec for {@link #await}, one per waiting thread. */
  static MemorySegment newTimespec() {
    return Arena.ofAuto().allocate(16, 8);
  }

  private void invoke(MemorySegment word, int op, int value, MemorySegment timespec) {
    try {
      // The result (0, or -1 with EAGAIN/ETIMEDOUT/EINTR) does not matter: callers re-check.
      long ignored = (long) syscall.invokeExact(sysFutex, word, op, value, timespec);
    } catch (Throwable t) {
      throw new IllegalStateException("futex syscall failed", t);
    }
  }

  @SuppressWarnings("restricted") // guarded by the isNativeAccessEnabled() check below
  private static Optional<Futex> load() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    long sysFutex =
        switch (arch) {
          case "amd64", "x86_64" -> 202;
          case "aarch64" -> 98;
          default -> -1;
        };
    if (!os.startsWith("linux") || sysFutex < 0) {
      log.info("shm transport wakes peers through the handshake socket: no futex on {}/{}", os, arch);
      return Optional.empty();
    }
    if (!Futex.class.getModule().isNativeAccessEnabled()) {
      log.info(
          "shm transport wakes peers through the handshake socket: run with"
              + " --enable-native-access=ALL-UNNAMED (or this module's name) to use a futex");
      return Optional.empty();
    }
    try {
      Linker linker = Linker.nativeLinker();
      MemorySegment symbol = linker.defaultLookup().find("syscall").orElseThrow();
      MethodHandle handle =
          linker.downcallHandle(
              symbol,
              FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
              Linker.Option.firstVariadicArg(1));
      return Optional.of(new Futex(handle, sysFutex));
    } catch (RuntimeException | LinkageError e) {
      log.info("shm transport wakes peers through the handshake socket: cannot link syscall ({})", e.toString());
      return Optional.empty();
    }
  }
}
