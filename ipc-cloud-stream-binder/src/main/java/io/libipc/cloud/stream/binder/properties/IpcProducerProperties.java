package io.libipc.cloud.stream.binder.properties;

import io.libipc.IpcOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * The libipc properties of a producer binding:
 * {@code spring.cloud.stream.libipc.bindings.<binding>.producer.*} (defaults for every binding under
 * {@code spring.cloud.stream.libipc.default.producer.*}).
 */
public class IpcProducerProperties extends IpcChannelProperties {

    private Duration sendTimeout = Duration.ofMillis(100);

    private Duration receiverWait = Duration.ZERO;

    /** Properties with the defaults. */
    public IpcProducerProperties() {
    }

    /**
     * How long a send waits for room in a full ring before it evicts receivers a whole ring
     * behind. Positive; default 100ms (libipc's).
     *
     * @return the timeout
     */
    public Duration getSendTimeout() {
        return sendTimeout;
    }

    /**
     * Sets the send timeout.
     *
     * @param sendTimeout positive
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT naming the value
     */
    public void setSendTimeout(Duration sendTimeout) {
        IpcOptions.checkSendTimeoutMs(Objects.requireNonNull(sendTimeout, "send-timeout").toMillis());
        this.sendTimeout = sendTimeout;
    }

    /**
     * How long a send waits for a receiver when none is connected. libipc keeps nothing for absent
     * consumers: by default (0) such a send fails at once with {@code ERROR_SEND_FAILED}, as the
     * core's does; a positive value waits that long for a first receiver, then fails the same way.
     *
     * @return the wait
     */
    public Duration getReceiverWait() {
        return receiverWait;
    }

    /**
     * Sets how long a send waits for a receiver.
     *
     * @param receiverWait zero or positive
     * @throws IllegalArgumentException naming the value when it is negative
     */
    public void setReceiverWait(Duration receiverWait) {
        if (receiverWait == null || receiverWait.isNegative()) {
            throw new IllegalArgumentException("receiver-wait must be zero or positive: receiver-wait=" + receiverWait);
        }
        this.receiverWait = receiverWait;
    }
}
