package io.libipc.cloud.stream.binder;

import io.libipc.ChannelType;
import io.libipc.IpcBackend;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.cloud.stream.binder.provisioning.IpcProvisioner;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a consumer group means on libipc: at most one member per destination at a time, on the
 * whole host. libipc broadcasts every message to every receiver and keeps nothing, so members of
 * a group cannot share a stream: a second member would get every message too. Rather than
 * broadcast to a group silently, the second member's binding is refused, naming the property.
 *
 * <p>Membership is a ROUTE channel {@code <channel>.group.<group>} held open as its one sender: the
 * core lets one live sender hold a ROUTE, across processes and within one, and frees the place
 * of a member that died (kill -9 included) by itself. The marker carries no messages; its storage
 * file (4 KiB of ring) stays in the storage directory after the member left, as channels' files
 * do. Safe for use from many threads.
 */
final class IpcGroupMembership {

    /** The smallest ring the core allows: the marker carries nothing. */
    private static final int MARKER_CAPACITY = 4096;

    private final IpcDestinationChannels channels;
    /** Markers this binder holds, so that asking again about its own binding is not a refusal. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /**
     * Membership for the binder's channels.
     *
     * @param channels where channels live
     */
    IpcGroupMembership(IpcDestinationChannels channels) {
        this.channels = channels;
    }

    /**
     * The name of a group's marker channel.
     *
     * @param channel the destination's channel
     * @param group the group
     * @return {@code <channel>.group.<group>}
     */
    static String markerName(String channel, String group) {
        return channel + ".group." + group;
    }

    /**
     * Joins a group, as its one member on this host.
     *
     * @param binding the binding, for messages
     * @param channel the destination's channel
     * @param group the group
     * @return the membership; closing it leaves the group
     * @throws IllegalStateException naming {@code spring.cloud.stream.bindings.<binding>.group} when
     *                               the group has a live member already, or its name cannot be a
     *                               channel name
     */
    AutoCloseable join(String binding, String channel, String group) {
        String marker = checkedMarkerName(binding, channel, group);
        IpcChannel handle = open(binding, channel, group, marker);
        held.add(marker);
        return () -> {
            held.remove(marker);
            handle.close();
        };
    }

    /**
     * Checks, before binding, that a group could be joined now: the same refusal as
     * {@link #join}, early enough to fail start-up. A group this binder holds passes.
     *
     * @param binding the binding, for messages
     * @param channel the destination's channel
     * @param group the group
     * @throws IllegalStateException as {@link #join}
     */
    void check(String binding, String channel, String group) {
        String marker = checkedMarkerName(binding, channel, group);
        if (!held.contains(marker)) {
            open(binding, channel, group, marker).close();
        }
    }

    private static String checkedMarkerName(String binding, String channel, String group) {
        String marker = markerName(channel, group);
        try {
            return IpcChannel.validateName(marker);
        } catch (IpcException e) {
            throw new IllegalStateException(IpcProvisioner.key(binding, "group") + "=" + group + " cannot be a libipc"
                    + " group: its marker channel '" + marker + "' is not a valid channel name (" + e.getMessage()
                    + "); use [A-Za-z0-9._-]", e);
        }
    }

    private IpcChannel open(String binding, String channel, String group, String marker) {
        // Native always: markers are this binder's own, and only the native backend frees the ROUTE
        // place of a member killed with kill -9 (cpp-ipc keeps it until its storage is cleared).
        IpcOptions options = channels.baseOptions().backend(IpcBackend.NATIVE).capacity(MARKER_CAPACITY)
                .maxMessageSize(1).build();
        try {
            return new IpcChannel(ChannelType.ROUTE, marker, options, ConnMode.SENDER);
        } catch (IpcException e) {
            if (e.status() != IpcStatus.ERROR_CONNECTION_FAILED) {
                throw e;
            }
            throw new IllegalStateException(IpcProvisioner.key(binding, "group") + "=" + group + ": group '" + group
                    + "' of libipc channel '" + channel + "' already has a member on this host (" + e.getMessage()
                    + "). libipc broadcasts every message to every receiver, so a second member would get every"
                    + " message too instead of sharing them; a group has one member at a time. To share the work,"
                    + " partition the destination (producer partition-count, consumers partitioned with their own"
                    + " instance-index); to give every consumer every message, leave the group out", e);
        }
    }
}
