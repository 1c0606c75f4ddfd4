package io.libipc.bench.transport;

import java.nio.file.Path;
import java.util.List;

/** Creates transports by system name. */
public final class Transports {

    /** Our engine with its default (futex) wait strategy. */
    public static final String LIBIPC = "libipc-java";
    /** Our engine with the portable wait strategy; reported as libipc-java with a "(portable)" benchmark. */
    public static final String LIBIPC_PORTABLE = "libipc-java-portable";
    /** Aeron IPC (aeron:ipc) with its media driver in its own process. */
    public static final String AERON = "aeron-ipc";
    /** Unix domain sockets, blocking JDK SocketChannel. */
    public static final String UDS = "uds";
    /** TCP over loopback, blocking, TCP_NODELAY. */
    public static final String TCP = "tcp";

    /**
     * Our engine through the Spring Boot starter, {@code byte[]} payloads: {@code IpcTemplate} to
     * {@code @IpcListener} between two Spring applications. Not a {@link Transport}: measured by
     * the harness's Spring roles. Reported as libipc-java with a "(spring)" benchmark.
     */
    public static final String LIBIPC_SPRING = "libipc-spring";
    /**
     * As {@link #LIBIPC_SPRING} with a small record sent as JSON and converted back for the
     * listener; reported as libipc-java with a "(spring json)" benchmark.
     */
    public static final String LIBIPC_SPRING_JSON = "libipc-spring-json";

    /** Every system, in the order results are shown. */
    public static final List<String> ALL = List.of(LIBIPC, AERON, UDS, TCP, LIBIPC_PORTABLE, LIBIPC_SPRING,
            LIBIPC_SPRING_JSON);

    private Transports() {
    }

    /**
     * A transport for this process.
     *
     * @param system one of {@link #ALL} but the Spring systems
     * @param mode how receivers idle
     * @param runDir a directory private to this benchmark run, shared by its processes
     *               (storage files, socket files, port files, the Aeron directory)
     * @return the transport
     */
    public static Transport create(String system, IdleMode mode, Path runDir) {
        switch (system) {
            case LIBIPC:
                return new LibipcTransport(runDir, false);
            case LIBIPC_PORTABLE:
                return new LibipcTransport(runDir, true);
            case AERON:
                return new AeronTransport(runDir, mode);
            case UDS:
                return SocketTransport.unixDomain(runDir);
            case TCP:
                return SocketTransport.tcp(runDir);
            default:
                throw new IllegalArgumentException("unknown system: " + system + "; one of " + ALL);
        }
    }
}
