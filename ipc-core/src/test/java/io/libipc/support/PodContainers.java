package io.libipc.support;

import org.testcontainers.containers.GenericContainer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Containers as the containers of one Kubernetes pod share memory: the first owns a shareable IPC
 * namespace (its own {@code /dev/shm}), the others join it; none has a network (DESIGN.md, section
 * 2: the docker-up daemon has no bridge). Each keeps its own pid namespace.
 */
public final class PodContainers {

    private PodContainers() {
    }

    /**
     * Configures a container as one of the pod.
     *
     * @param container the container, not started
     * @param ipcOwner the container whose IPC namespace to join (started), or null to own a shareable one
     * @return the container
     */
    public static GenericContainer<?> inPod(GenericContainer<?> container, GenericContainer<?> ipcOwner) {
        String ipcMode = ipcOwner == null ? "shareable" : "container:" + ipcOwner.getContainerId();
        return container.withNetworkMode("none")
                .withCreateContainerCmdModifier(c -> c.getHostConfig().withIpcMode(ipcMode));
    }

    /**
     * Starts a container; one that fails to start is stopped and removed before the failure goes on.
     *
     * @param container the container
     */
    public static void start(GenericContainer<?> container) {
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    /**
     * Waits until the container's main process has exited.
     *
     * @param container the container
     * @param timeout how long at most
     * @return its exit code
     */
    public static int awaitExit(GenericContainer<?> container, Duration timeout) {
        return container.getDockerClient().waitContainerCmd(container.getContainerId()).start()
                .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
