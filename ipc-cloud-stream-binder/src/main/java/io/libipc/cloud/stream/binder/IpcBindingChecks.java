package io.libipc.cloud.stream.binder;

import io.libipc.cloud.stream.binder.provisioning.IpcProvisioner;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.binder.ProducerProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.util.StringUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a binding's configuration before Spring Cloud Stream binds it. Spring Cloud Stream retries
 * a binding whose creation failed every {@code binding-retry-interval} (30 s) and starts the
 * application meanwhile; run when it first asks for the binding's libipc properties, these checks
 * make a configuration that libipc cannot honour fail start-up instead, naming the property: a
 * destination that is no channel name, required groups, a group whose name cannot be a marker
 * channel or that has a member already. The same rules run again while binding.
 */
final class IpcBindingChecks {

    private final IpcGroupMembership groups;

    /**
     * Checks against the binder's group memberships.
     *
     * @param groups the memberships
     */
    IpcBindingChecks(IpcGroupMembership groups) {
        this.groups = groups;
    }

    /**
     * Checks a consumer binding.
     *
     * @param binding the binding name
     * @param service the application's bindings, or null outside an application (nothing to check)
     * @throws IllegalStateException naming the property at fault
     */
    void checkConsumer(String binding, BindingServiceProperties service) {
        if (service == null) {
            return;
        }
        ConsumerProperties consumer = service.getConsumerProperties(binding);
        String group = service.getGroup(binding);
        for (String destination : StringUtils.commaDelimitedListToStringArray(service.getBindingDestination(binding))) {
            for (String channel : consumerChannels(binding, destination.trim(), consumer)) {
                if (StringUtils.hasText(group)) {
                    groups.check(binding, channel, group);
                }
            }
        }
    }

    /**
     * Checks a producer binding.
     *
     * @param binding the binding name
     * @param service the application's bindings, or null outside an application (nothing to check)
     * @throws IllegalStateException naming the property at fault
     */
    void checkProducer(String binding, BindingServiceProperties service) {
        if (service == null) {
            return;
        }
        ProducerProperties producer = service.getProducerProperties(binding);
        IpcProvisioner.checkProducer(binding, service.getBindingDestination(binding), producer.getPartitionCount(),
                producer.getRequiredGroups());
    }

    private static List<String> consumerChannels(String binding, String destination, ConsumerProperties consumer) {
        List<String> channels = new ArrayList<>();
        List<Integer> indexes = consumer.getInstanceIndexList();
        if (consumer.isPartitioned() && indexes != null && !indexes.isEmpty()) {
            for (int index : indexes) {
                channels.add(IpcProvisioner.consumerChannel(binding, destination, true, index));
            }
        } else {
            channels.add(IpcProvisioner.consumerChannel(binding, destination, consumer.isPartitioned(),
                    consumer.getInstanceIndex()));
        }
        return channels;
    }
}
