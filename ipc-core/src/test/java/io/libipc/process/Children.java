package io.libipc.process;

import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.support.ChildJvm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Parent-side helpers for talking to {@link ProcessRoles} children. */
final class Children {

    /** How long to wait for any child's line: generous, for a loaded 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Children() {
    }

    /**
     * Starts a child playing a role.
     *
     * @param args from {@link ChannelSpec#args} or built by hand (role first)
     * @return the child
     */
    static ChildJvm start(String... args) {
        return ChildJvm.start(ProcessRoles.class, args);
    }

    /**
     * Writes a command line to a child's standard input.
     *
     * @param child the child
     * @param line the command
     */
    static void tell(ChildJvm child, String line) {
        try {
            OutputStream in = child.process().getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to child " + child.pid() + ": " + line + child.describe(), e);
        }
    }

    /**
     * Waits for a line starting with {@code prefix}, failing at once on an ERROR line.
     *
     * @param child the child
     * @param prefix e.g. {@code READY}
     * @return the line
     */
    static String await(ChildJvm child, String prefix) {
        String line = child.awaitLine(l -> l.startsWith(prefix) || l.startsWith("ERROR"), PATIENCE);
        if (line.startsWith("ERROR") && !prefix.startsWith("ERROR")) {
            throw new AssertionError("child " + child.pid() + " failed while we waited for " + prefix + ": " + line
                    + child.describe());
        }
        return line;
    }

    /**
     * Waits for a {@code RESULT} line and parses its {@code key=value} fields.
     *
     * @param child the child
     * @return the fields
     */
    static Map<String, String> result(ChildJvm child) {
        return fields(await(child, "RESULT"));
    }

    /**
     * Parses the {@code key=value} words of a line.
     *
     * @param line e.g. {@code SENT count=3 crc=0a1b2c3d}
     * @return the fields
     */
    static Map<String, String> fields(String line) {
        Map<String, String> m = new HashMap<>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                m.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return m;
    }

    /** Closes children quietly (kill -9 those still running); for finally blocks. */
    static void closeAll(ChildJvm... children) {
        for (ChildJvm child : children) {
            if (child != null) {
                child.close();
            }
        }
    }

    /**
     * Creates the channel's storage here, with the spec's sizes, and closes the handle: capacity
     * and maximum size belong to whoever creates the file, so no child may do it first.
     *
     * @param spec the channel
     */
    static void createChannel(ChannelSpec spec) {
        try (IpcChannel creator = new IpcChannel(spec.type(), spec.name(), spec.options(), ConnMode.RECEIVER)) {
            if (creator.capacity() != spec.capacity() || creator.maxMessageSize() != spec.maxMessageSize()) {
                throw new AssertionError("channel " + spec.name() + " existed already with other sizes: capacity="
                        + creator.capacity() + ", maxMessageSize=" + creator.maxMessageSize());
            }
        }
    }
}
