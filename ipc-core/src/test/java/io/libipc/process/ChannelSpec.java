package io.libipc.process;

import io.libipc.ChannelType;
import io.libipc.IpcOptions;
import io.libipc.IpcWaitStrategy;
import io.libipc.support.TestChannels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A channel as parent and children must all see it: name, type and the options that matter.
 * The parent passes it to a child as {@code key=value} arguments ({@link #args}) and the child
 * rebuilds it ({@link #from}), so both build their options the same way, with the test prefix.
 *
 * @param name the channel name
 * @param type ROUTE or CHANNEL
 * @param strategy the wait strategy every process uses
 * @param capacity ring capacity (effective only for whoever creates the file)
 * @param maxMessageSize largest message (effective only for whoever creates the file)
 */
record ChannelSpec(String name, ChannelType type, IpcWaitStrategy strategy, int capacity, int maxMessageSize) {

    /** 64 KiB: small, so that rings wrap and fill often and big messages travel in many fragments. */
    static final int SMALL_RING = 64 * 1024;

    /**
     * A spec with a fresh name.
     *
     * @param hint what the test is about
     * @param type ROUTE or CHANNEL
     * @param strategy the wait strategy
     * @param capacity ring capacity
     * @param maxMessageSize largest message
     * @return the spec
     */
    static ChannelSpec fresh(String hint, ChannelType type, IpcWaitStrategy strategy, int capacity, int maxMessageSize) {
        return new ChannelSpec(TestChannels.uniqueName(hint), type, strategy, capacity, maxMessageSize);
    }

    /** @return the options for this channel, with the test prefix */
    IpcOptions options() {
        return TestChannels.optionsBuilder()
                .capacity(capacity)
                .maxMessageSize(maxMessageSize)
                .waitStrategy(strategy)
                .build();
    }

    /** @return the storage file of the channel */
    Path path() {
        IpcOptions options = options();
        return options.storageDirectory().resolve(options.namePrefix() + name);
    }

    /**
     * The arguments of a child playing a role on this channel.
     *
     * @param role the role ({@link ProcessRoles})
     * @param extra more {@code key=value} arguments
     * @return the argument array
     */
    String[] args(String role, String... extra) {
        List<String> args = new ArrayList<>();
        args.add(role);
        args.add("name=" + name);
        args.add("type=" + type);
        args.add("strategy=" + strategy);
        args.add("capacity=" + capacity);
        args.add("max=" + maxMessageSize);
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    /**
     * Rebuilds a spec from a child's arguments.
     *
     * @param a the parsed {@code key=value} arguments
     * @return the spec
     */
    static ChannelSpec from(Map<String, String> a) {
        return new ChannelSpec(a.get("name"), ChannelType.valueOf(a.get("type")), IpcWaitStrategy.valueOf(a.get("strategy")),
                Integer.parseInt(a.get("capacity")), Integer.parseInt(a.get("max")));
    }
}
