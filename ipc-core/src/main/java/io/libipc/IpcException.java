package io.libipc;

import java.util.Objects;

/**
 * An error from a libipc operation, carrying the libipc {@link IpcStatus}. Messages name the
 * offending value and the limit or file involved, in {@code name=value} form.
 */
public class IpcException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The libipc status of this error (part of the serialized form). */
    private final IpcStatus status;

    /**
     * Creates an exception.
     *
     * @param status the libipc status, never {@link IpcStatus#SUCCESS}
     * @param message what went wrong, naming the values involved
     */
    public IpcException(IpcStatus status, String message) {
        super(message);
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * Creates an exception with a cause.
     *
     * @param status the libipc status, never {@link IpcStatus#SUCCESS}
     * @param message what went wrong, naming the values involved
     * @param cause the underlying error
     */
    public IpcException(IpcStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * The libipc status of this error.
     *
     * @return the status
     */
    public IpcStatus status() {
        return status;
    }

    /**
     * The numeric libipc status code, as the Python wrapper's {@code status_code}.
     *
     * @return the code, -1 to -6
     */
    public int statusCode() {
        return status.code();
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + status + "]: " + getMessage();
    }
}
