package io.libipc.cloud.stream.binder.provisioning;

import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.cloud.stream.binder.properties.IpcConsumerProperties;
import io.libipc.cloud.stream.binder.properties.IpcProducerProperties;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.provisioning.ProvisioningException;
import org.springframework.cloud.stream.provisioning.ProvisioningProvider;

import java.util.Arrays;

/**
 * Turns destinations into libipc channel names and refuses what libipc cannot do. Nothing is
 * created here: a libipc channel comes into being when the first process opens it, so there is
 * nothing to provision ahead (and nothing to delete: libipc keeps no messages).
 *
 * <p>The rules (also run before binding, by the binder, so that a refusal fails start-up):
 * <ul>
 *   <li>a destination, and each {@code <destination>-<n>} of a partitioned one, is a valid channel
 *       name (1-200 characters of {@code [A-Za-z0-9._-]}, not starting with a dot, no {@code ..});</li>
 *   <li>a producer names no required groups: libipc keeps nothing for consumers that are not
 *       connected, so it cannot hold messages for a group that has not started;</li>
 *   <li>a partitioned consumer has an instance index of 0 or more: its channel is
 *       {@code <destination>-<instanceIndex>}.</li>
 * </ul>
 */
public final class IpcProvisioner implements ProvisioningProvider<ExtendedConsumerProperties<IpcConsumerProperties>,
        ExtendedProducerProperties<IpcProducerProperties>> {

    /** Stateless. */
    public IpcProvisioner() {
    }

    @Override
    public IpcDestination provisionProducerDestination(String name,
            ExtendedProducerProperties<IpcProducerProperties> properties) {
        try {
            return new IpcDestination(checkProducer(properties.getBindingName(), name, properties.getPartitionCount(),
                    properties.getRequiredGroups()));
        } catch (IllegalStateException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
    }

    @Override
    public IpcDestination provisionConsumerDestination(String name, String group,
            ExtendedConsumerProperties<IpcConsumerProperties> properties) {
        try {
            return new IpcDestination(consumerChannel(properties.getBindingName(), name, properties.isPartitioned(),
                    properties.getInstanceIndex()));
        } catch (IllegalStateException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
    }

    /**
     * Checks a producer binding.
     *
     * @param binding the binding name, for messages (may be null)
     * @param destination the destination
     * @param partitionCount the partition count (1: not partitioned)
     * @param requiredGroups the required groups
     * @return the destination
     * @throws IllegalStateException naming the property that libipc cannot honour
     */
    public static String checkProducer(String binding, String destination, int partitionCount, String[] requiredGroups) {
        if (requiredGroups != null && requiredGroups.length > 0) {
            throw new IllegalStateException(key(binding, "producer.required-groups") + "=" + Arrays.toString(requiredGroups)
                    + " cannot be honoured by the libipc binder: libipc keeps nothing for consumers that are not"
                    + " connected, so no message waits for a group that has not started; remove the property"
                    + " (consumers get what is sent after they connect)");
        }
        checkChannelName(binding, destination);
        if (partitionCount > 1) {
            checkChannelName(binding, IpcDestination.partitionChannel(destination, partitionCount - 1));
        }
        return destination;
    }

    /**
     * The channel of a consumer binding: the destination, or {@code <destination>-<instanceIndex>}
     * when partitioned.
     *
     * @param binding the binding name, for messages (may be null)
     * @param destination the destination
     * @param partitioned whether the consumer is partitioned
     * @param instanceIndex its instance index
     * @return the channel name
     * @throws IllegalStateException naming the property at fault
     */
    public static String consumerChannel(String binding, String destination, boolean partitioned, int instanceIndex) {
        if (!partitioned) {
            return checkChannelName(binding, destination);
        }
        if (instanceIndex < 0) {
            throw new IllegalStateException("a partitioned consumer of destination '" + destination + "' needs an instance"
                    + " index of 0 or more: " + key(binding, "consumer.instance-index") + "=" + instanceIndex
                    + " (or spring.cloud.stream.instance-index)");
        }
        return checkChannelName(binding, IpcDestination.partitionChannel(destination, instanceIndex));
    }

    private static String checkChannelName(String binding, String channel) {
        try {
            return IpcChannel.validateName(channel);
        } catch (IpcException e) {
            throw new IllegalStateException("the libipc channel '" + channel + "' of "
                    + key(binding, "destination") + " is not a valid channel name: " + e.getMessage(), e);
        }
    }

    /**
     * The full key of a binding property, for messages.
     *
     * @param binding the binding name, or null when unknown
     * @param property the property below {@code spring.cloud.stream.bindings.<binding>.}
     * @return the key
     */
    public static String key(String binding, String property) {
        return "spring.cloud.stream.bindings." + (binding == null ? "<binding>" : binding) + "." + property;
    }
}
