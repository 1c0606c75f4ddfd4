package io.libipc.internal.wait;

/**
 * Whether this JVM makes futex calls, decided without loading JNA until a handle asks for them.
 * {@link Futex} is the binding and loads JNA when it is first used; this class refers to no JNA
 * class, so that a JVM whose handles all use the PORTABLE wait strategy never loads one (a native
 * image without JNA configuration runs with PORTABLE).
 *
 * <ul>
 *   <li>{@link #platformHasFutex()}: the operating system and architecture alone, from system
 *       properties;</li>
 *   <li>{@link #unavailableBecause()}: binds the call on first use (FUTEX and AUTO handles), and
 *       says why it cannot be made;</li>
 *   <li>{@link #inUse()}: whether the binding has been made in this JVM; wakers call FUTEX_WAKE
 *       only then ({@link Wakeups#bumpAndWake}).</li>
 * </ul>
 * Thread-safe.
 */
public final class FutexGate {

    /** The futex syscall number here, or -1 where there is none (not Linux x86-64 or aarch64). */
    static final long SYSCALL_NUMBER = syscallNumber(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));

    /** Set once the call is bound; here, not in {@link Binding}, whose first use binds it. */
    private static volatile boolean inUse;

    private FutexGate() {
    }

    /**
     * Whether the operating system and architecture have the futex call this library makes:
     * Linux on x86-64 or aarch64. Loads nothing.
     *
     * @return true there
     */
    public static boolean platformHasFutex() {
        return SYSCALL_NUMBER >= 0;
    }

    /**
     * Why futex calls cannot be made here, binding the call through JNA on first use (about 30 ms,
     * once per JVM).
     *
     * @return the failure (no futex on this platform, JNA missing or not loadable), or null when
     *         futex calls work
     */
    public static Throwable unavailableBecause() {
        return Binding.FAILURE;
    }

    /**
     * Whether futex calls are made in this JVM: true once a handle's wait strategy bound the call.
     * Never binds it, never loads JNA.
     *
     * @return true after a successful {@link #unavailableBecause()}
     */
    public static boolean inUse() {
        return inUse;
    }

    /**
     * The syscall number of futex.
     *
     * @param osName the {@code os.name} property
     * @param osArch the {@code os.arch} property
     * @return 202 on Linux x86-64, 98 on Linux aarch64, else -1
     */
    static long syscallNumber(String osName, String osArch) {
        if (!osName.startsWith("Linux")) {
            return -1;
        }
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return 202;
            case "aarch64":
                return 98;
            default:
                return -1;
        }
    }

    /** Binds on first use: the holder idiom, so that the JVM runs {@link #bind} once. */
    private static final class Binding {

        static final Throwable FAILURE = bind();

        private static Throwable bind() {
            if (!platformHasFutex()) {
                return new UnsupportedOperationException("no futex call on os.name=" + System.getProperty("os.name")
                        + " os.arch=" + System.getProperty("os.arch") + " (Linux on x86-64 or aarch64 only)");
            }
            try {
                Throwable failure = Futex.unavailableBecause();
                if (failure == null) {
                    inUse = true;
                }
                return failure;
            } catch (LinkageError e) {
                // JNA is not on the class path (NoClassDefFoundError), or cannot load its library.
                return e;
            }
        }
    }
}
