package io.libipc;

import java.util.EnumSet;
import java.util.Set;

/**
 * How a handle takes part in a channel. A handle may be a sender, a receiver, or both; a handle
 * never receives the messages it sent itself.
 */
public enum ConnMode {
    /** The handle sends. */
    SENDER(1),
    /** The handle receives. */
    RECEIVER(2);

    private final int flag;

    ConnMode(int flag) {
        this.flag = flag;
    }

    /**
     * The bit flag used by libipc and the Python wrapper; flags of several modes are or-ed.
     *
     * @return 1 for {@link #SENDER}, 2 for {@link #RECEIVER}
     */
    public int flag() {
        return flag;
    }

    /**
     * The modes whose flags are set in {@code flags}.
     *
     * @param flags an or-combination of {@link #flag()} values, 1 to 3
     * @return the modes, never empty
     * @throws IpcException with {@link IpcStatus#ERROR_INVALID_ARGUMENT} when no mode or an unknown bit is set
     */
    public static Set<ConnMode> fromFlags(int flags) {
        if (flags < 1 || flags > 3) {
            throw new IpcException(IpcStatus.ERROR_INVALID_ARGUMENT,
                    "connection mode flags must be 1 (SENDER), 2 (RECEIVER) or 3 (both): flags=" + flags);
        }
        EnumSet<ConnMode> modes = EnumSet.noneOf(ConnMode.class);
        for (ConnMode mode : values()) {
            if ((flags & mode.flag) != 0) {
                modes.add(mode);
            }
        }
        return modes;
    }
}
