package io.libipc.spring.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The channels of an application by name: opened together, closed together. The auto-configuration
 * makes one from {@code ipc.channels}; without Boot, build one from {@link IpcChannelSettings}.
 * Lookups are safe from any thread.
 */
public final class IpcChannelBindings implements AutoCloseable {

    private final Map<String, IpcChannelBinding> bindings;

    /**
     * Opens a channel for each of the settings. When one fails to open, those already opened are
     * closed again and the failure is rethrown, naming the channel.
     *
     * @param settings the channels
     * @param opener opens one channel (usually {@code s -> new IpcChannelBinding(s, mapper)})
     * @throws IllegalStateException naming the channel that could not be opened
     */
    public IpcChannelBindings(Collection<IpcChannelSettings> settings,
            Function<IpcChannelSettings, IpcChannelBinding> opener) {
        Map<String, IpcChannelBinding> opened = new LinkedHashMap<>();
        try {
            for (IpcChannelSettings s : settings) {
                try {
                    opened.put(s.name(), opener.apply(s));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot open channel '" + s.name() + "' (" + s.type()
                            + ", modes=" + s.modes() + "): " + e.getMessage(), e);
                }
            }
        } catch (RuntimeException e) {
            opened.values().forEach(IpcChannelBinding::close);
            throw e;
        }
        this.bindings = Collections.unmodifiableMap(opened);
    }

    /**
     * The binding of a channel.
     *
     * @param name the channel name
     * @return the binding
     * @throws IllegalArgumentException naming the configured channels when there is none by that name
     */
    public IpcChannelBinding get(String name) {
        IpcChannelBinding binding = bindings.get(name);
        if (binding == null) {
            throw new IllegalArgumentException("no libipc channel named '" + name + "'; configured channels: "
                    + bindings.keySet() + " (declare it under ipc.channels." + name + ")");
        }
        return binding;
    }

    /**
     * Whether a channel of that name is configured.
     *
     * @param name the channel name
     * @return true when configured
     */
    public boolean contains(String name) {
        return bindings.containsKey(name);
    }

    /**
     * All bindings, in configuration order.
     *
     * @return an unmodifiable collection
     */
    public Collection<IpcChannelBinding> all() {
        return bindings.values();
    }

    /**
     * Closes every channel; idempotent.
     */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (IpcChannelBinding binding : bindings.values()) {
            try {
                binding.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing " + failures.size() + " channel(s) failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
