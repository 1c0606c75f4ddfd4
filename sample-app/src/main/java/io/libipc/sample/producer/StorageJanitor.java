package io.libipc.sample.producer;

import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.sample.SampleChannels;
import io.libipc.spring.autoconfigure.IpcProperties;
import org.springframework.boot.SpringApplication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the sample's storage files from {@code /dev/shm} when the producer's JVM ends: the
 * producer owns the demo, and by then it has told its consumers to leave. It runs as a Spring Boot
 * shutdown handler, which Boot calls only after the application context is closed, so that no
 * handle of this JVM is open on the files any more (a normal exit and SIGTERM alike; SIGKILL leaves
 * the files, which the next run reuses).
 *
 * <p>A bean of the producer role, registered by {@link io.libipc.sample.SampleRoles}.
 */
public class StorageJanitor {

    private final IpcOptions options;

    /**
     * Registers the clean-up.
     *
     * @param properties the {@code ipc.*} properties naming the directory and prefix
     */
    public StorageJanitor(IpcProperties properties) {
        this.options = properties.baseOptions().build();
        SpringApplication.getShutdownHandlers().add(this::clear);
    }

    /** Clears the storage of every sample channel and says what is left (nothing, normally). */
    void clear() {
        List<Path> left = new ArrayList<>();
        for (String name : SampleChannels.ALL) {
            IpcChannel.clearChannelStorage(name, options);
            Path file = options.storageDirectory().resolve(options.namePrefix() + name);
            if (Files.exists(file)) {
                left.add(file);
            }
        }
        System.out.println("storage cleared: " + options.storageDirectory() + "/" + options.namePrefix() + "{"
                + String.join(",", SampleChannels.ALL) + "} leftovers=" + left);
    }
}
