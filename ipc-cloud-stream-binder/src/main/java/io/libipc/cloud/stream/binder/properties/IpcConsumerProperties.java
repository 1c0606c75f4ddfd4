package io.libipc.cloud.stream.binder.properties;

import io.libipc.spring.core.IpcChannelSettings;

import java.time.Duration;

/**
 * The libipc properties of a consumer binding:
 * {@code spring.cloud.stream.libipc.bindings.<binding>.consumer.*} (defaults for every binding under
 * {@code spring.cloud.stream.libipc.default.consumer.*}).
 */
public class IpcConsumerProperties extends IpcChannelProperties {

    private Duration receiveTimeout = IpcChannelSettings.DEFAULT_RECEIVE_TIMEOUT;

    /** Properties with the defaults. */
    public IpcConsumerProperties() {
    }

    /**
     * How long one receive of the binding's receive loop waits before it looks whether it should
     * stop: it bounds how long unbinding takes. At least 1ms; default 1s.
     *
     * @return the timeout
     */
    public Duration getReceiveTimeout() {
        return receiveTimeout;
    }

    /**
     * Sets the receive loop's timeout.
     *
     * @param receiveTimeout at least 1ms
     * @throws IllegalArgumentException naming the value when it is under 1ms
     */
    public void setReceiveTimeout(Duration receiveTimeout) {
        this.receiveTimeout = IpcChannelSettings.checkReceiveTimeout("receive-timeout", receiveTimeout);
    }
}
