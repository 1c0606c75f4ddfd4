package io.libipc.cloud.stream.binder.properties;

import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/**
 * The libipc properties of one binding: {@code spring.cloud.stream.libipc.bindings.<binding>.*},
 * a consumer part and a producer part.
 */
public class IpcBindingProperties implements BinderSpecificPropertiesProvider {

    private IpcConsumerProperties consumer = new IpcConsumerProperties();

    private IpcProducerProperties producer = new IpcProducerProperties();

    /** Properties with the defaults. */
    public IpcBindingProperties() {
    }

    /**
     * The consumer part.
     *
     * @return the consumer properties
     */
    @Override
    public IpcConsumerProperties getConsumer() {
        return consumer;
    }

    /**
     * Sets the consumer part.
     *
     * @param consumer the consumer properties
     */
    public void setConsumer(IpcConsumerProperties consumer) {
        this.consumer = consumer;
    }

    /**
     * The producer part.
     *
     * @return the producer properties
     */
    @Override
    public IpcProducerProperties getProducer() {
        return producer;
    }

    /**
     * Sets the producer part.
     *
     * @param producer the producer properties
     */
    public void setProducer(IpcProducerProperties producer) {
        this.producer = producer;
    }
}
