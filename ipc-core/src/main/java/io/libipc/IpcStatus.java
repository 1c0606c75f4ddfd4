package io.libipc;

/** Status codes of libipc and its Python wrapper, with the same names and numbers. */
public enum IpcStatus {
    /** The operation succeeded. */
    SUCCESS(0),
    /** An argument was invalid (null, out of range, a bad name), or the handle is closed. */
    ERROR_INVALID_ARGUMENT(-1),
    /** Connecting failed (limit reached, live ROUTE sender, broken or foreign storage), or the handle is not connected. */
    ERROR_CONNECTION_FAILED(-2),
    /** Sending is impossible: no receiver is connected, or the handle is not a sender. */
    ERROR_SEND_FAILED(-3),
    /** Receiving is impossible: the handle is not a receiver, or the storage is broken. */
    ERROR_RECEIVE_FAILED(-4),
    /** A wait ran out of time; the handle stays connected. */
    ERROR_TIMEOUT(-5),
    /** Shared memory could not be created, sized or mapped. */
    ERROR_MEMORY(-6);

    private final int code;

    IpcStatus(int code) {
        this.code = code;
    }

    /**
     * The numeric code, as in libipc.
     *
     * @return 0 for success, -1 to -6 for the errors
     */
    public int code() {
        return code;
    }

    /**
     * The status with the given numeric code.
     *
     * @param code a libipc status code
     * @return the status
     * @throws IllegalArgumentException when no status has that code
     */
    public static IpcStatus fromCode(int code) {
        for (IpcStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown libipc status code: code=" + code);
    }
}
