package io.libipc.cloud.stream.binder.properties;

import io.libipc.ChannelType;
import io.libipc.IpcOptions;
import io.libipc.spring.support.IpcPayloadFormat;
import org.springframework.util.unit.DataSize;

import java.util.Objects;

/**
 * What a consumer and a producer binding both say about the libipc channel of their destination:
 * its type, the ring's capacity and largest message (set by whichever process creates the
 * channel first: the creator's values win), and how Spring messages travel on it. Values are
 * checked with the core's rules as they are bound, so a bad one fails start-up naming the property.
 */
public abstract class IpcChannelProperties {

    private ChannelType channelType = ChannelType.CHANNEL;

    private DataSize capacity = DataSize.ofMegabytes(1);

    private DataSize maxMessageSize = DataSize.ofMegabytes(16);

    private IpcPayloadFormat payloadFormat = IpcPayloadFormat.EMBEDDED_HEADERS;

    /** Properties with the defaults. */
    protected IpcChannelProperties() {
    }

    /**
     * The channel type: {@code channel} (any number of senders, the default) or {@code route} (one
     * sender at a time). Both broadcast to every receiver.
     *
     * @return the type
     */
    public ChannelType getChannelType() {
        return channelType;
    }

    /**
     * Sets the channel type.
     *
     * @param channelType {@code channel} or {@code route}
     */
    public void setChannelType(ChannelType channelType) {
        this.channelType = Objects.requireNonNull(channelType, "channel-type");
    }

    /**
     * The ring size of a channel this binding creates: a power of two from 4KB to 1GB (rounded up).
     *
     * @return the capacity
     */
    public DataSize getCapacity() {
        return capacity;
    }

    /**
     * Sets the ring size.
     *
     * @param capacity 4KB to 1GB
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT naming the value and the range
     */
    public void setCapacity(DataSize capacity) {
        IpcOptions.checkCapacity(Objects.requireNonNull(capacity, "capacity").toBytes());
        this.capacity = capacity;
    }

    /**
     * The largest message of a channel this binding creates, up to 1GB.
     *
     * @return the size
     */
    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Sets the largest message.
     *
     * @param maxMessageSize 1 byte to 1GB
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT naming the value and the range
     */
    public void setMaxMessageSize(DataSize maxMessageSize) {
        IpcOptions.checkMaxMessageSize(Objects.requireNonNull(maxMessageSize, "max-message-size").toBytes());
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * How messages travel: {@code embedded-headers} (the default: headers, {@code contentType}
     * among them, travel with the payload) or {@code raw} (the payload's bytes only, for peers
     * that are not Spring). Both ends of a destination must agree.
     *
     * @return the format
     */
    public IpcPayloadFormat getPayloadFormat() {
        return payloadFormat;
    }

    /**
     * Sets how messages travel.
     *
     * @param payloadFormat {@code embedded-headers} or {@code raw}
     */
    public void setPayloadFormat(IpcPayloadFormat payloadFormat) {
        this.payloadFormat = Objects.requireNonNull(payloadFormat, "payload-format");
    }
}
