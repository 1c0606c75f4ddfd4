package io.libipc.cloud.stream.binder.provisioning;

import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;

/**
 * A destination of the libipc binder: the name of a libipc channel. A partitioned producer's
 * partition {@code n} is the channel {@code <name>-<n>}; a partitioned consumer's destination is
 * already the channel of its instance index. One object per binding, so the binder can keep what
 * it opened for that binding by it.
 */
public final class IpcDestination implements ProducerDestination, ConsumerDestination {

    private final String name;

    /**
     * A destination.
     *
     * @param name the channel name (checked by the provisioner)
     */
    IpcDestination(String name) {
        this.name = name;
    }

    /**
     * The channel of partition {@code n} of a destination: {@code <destination>-<n>}.
     *
     * @param destination the destination name
     * @param partition the partition
     * @return the channel name
     */
    public static String partitionChannel(String destination, int partition) {
        return destination + "-" + partition;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getNameForPartition(int partition) {
        return partitionChannel(name, partition);
    }

    @Override
    public String toString() {
        return "IpcDestination{" + name + "}";
    }
}
