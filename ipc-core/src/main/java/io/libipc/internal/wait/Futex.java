package io.libipc.internal.wait;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The Linux futex system call through JNA direct mapping: about half a microsecond per call and
 * no allocation, where an interface mapping with varargs costs three times that and allocates.
 * Uses the shared (not _PRIVATE) operations, so that a wake in one process reaches a waiter in
 * another on the same file-backed page, across containers that share {@code /dev/shm} too.
 *
 * <p>Loading this class loads JNA: only {@link FutexGate} (for FUTEX and AUTO handles) and the
 * futex waiter use it, and wakers only once {@link FutexGate#inUse()}.
 */
public final class Futex {

    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;

    private static final long SYS_FUTEX;
    private static final Throwable UNAVAILABLE_BECAUSE;

    /** A struct timespec per thread, kept so that a timed wait allocates nothing. */
    private static final ThreadLocal<Memory> TIMESPEC = ThreadLocal.withInitial(() -> new Memory(16));

    static {
        long sys = -1;
        Throwable failure = null;
        try {
            sys = FutexGate.SYSCALL_NUMBER;
            if (sys < 0) {
                throw new UnsupportedOperationException("no futex call on os.name=" + System.getProperty("os.name")
                        + " os.arch=" + System.getProperty("os.arch"));
            }
            Native.register(Futex.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            // The first call links the symbol and costs ~30 ms: pay it now, not on a message's path.
            Memory word = new Memory(8);
            word.setInt(0, 0);
            syscall(sys, Pointer.nativeValue(word), FUTEX_WAKE, 1, 0, 0, 0);
        } catch (Throwable t) {
            failure = t;
        }
        SYS_FUTEX = sys;
        UNAVAILABLE_BECAUSE = failure;
    }

    private Futex() {
    }

    private static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /**
    /**
     * Why futex calls do not work here; callers go through {@link FutexGate#unavailableBecause()}.
     *
     * @return the failure, or null when available
     */
    static Throwable unavailableBecause() {
        return UNAVAILABLE_BECAUSE;
    }

    /**
     * Sleeps while the int at {@code address} equals {@code expected}, at most {@code nanos}.
     * Returns early on a wake, a signal or a changed value; callers re-check their condition.
     *
     * @param address a 4-byte aligned address in a shared mapping
     * @param expected the value seen before deciding to sleep
     * @param nanos the longest sleep, positive
     */
    public static void await(long address, int expected, long nanos) {
        Memory ts = TIMESPEC.get();
        ts.setLong(0, nanos / 1_000_000_000L);
        ts.setLong(8, nanos % 1_000_000_000L);
        syscall(SYS_FUTEX, address, FUTEX_WAIT, expected, Pointer.nativeValue(ts), 0, 0);
    }

    /**
     * Wakes every thread, in any process, sleeping on the int at {@code address}.
     *
     * @param address a 4-byte aligned address in a shared mapping
     */
    public static void wakeAll(long address) {
        syscall(SYS_FUTEX, address, FUTEX_WAKE, Integer.MAX_VALUE, 0, 0, 0);
    }
}
