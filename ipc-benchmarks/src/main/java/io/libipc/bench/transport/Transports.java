package io.libipc.bench.transport;

import io.libipc.IpcBackend;

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
    /**
     * As {@link #LIBIPC_SPRING} throughput, with the listener on a thread of its own behind its
     * queue ({@code concurrency = "1"}) and as a batch listener; reported as libipc-java with
     * "(spring hand-off)" and "(spring batch)" benchmarks, beside {@link #LIBIPC_SPRING}'s row when
     * both are asked for.
     */
    public static final String LIBIPC_SPRING_HANDOFF = "libipc-spring-handoff";
    /**
     * Our engine through the Spring Cloud Stream binder: a {@code Function<byte[], byte[]>} round
     * trip between two Spring Cloud Stream applications. Not a {@link Transport}: measured by the
     * harness's stream roles. Reported as libipc-java with "(stream)" benchmarks.
     */
    public static final String LIBIPC_STREAM = "libipc-stream";

    /**
     * Request/reply through the starter: {@code IpcTemplate.sendAndReceive} to an
     * {@code @IpcListener} whose return value is the reply, between two Spring Boot applications,
     * 32-byte {@code byte[]} and a small JSON record. Not a {@link Transport}: measured by
     * {@code io.libipc.bench.rr.RequestReplyRoles}. Reported as libipc-java with
     * "request_reply (bytes)" and "request_reply (json)" benchmarks, beside the peers of
     * {@link #UDS_RR} and {@link #HTTP_RR}: the core API has no request/reply of its own.
     */
    public static final String LIBIPC_SPRING_RR = "libipc-spring-rr";
    /**
     * The same request/reply over blocking Unix domain sockets (one connection per requesting
     * thread, one replier thread per connection); reported as uds, beside its one-way rows.
     */
    public static final String UDS_RR = "uds-rr";
    /**
     * The same request/reply with Spring's {@code RestClient} to a Spring MVC endpoint over
     * loopback HTTP; reported in a column of its own, {@link #HTTP}.
     */
    public static final String HTTP_RR = "http-rr";
    /** The column of {@link #HTTP_RR}. */
    public static final String HTTP = "http";
    /** The request/reply systems, measured by their own roles. */
    public static final List<String> REQUEST_REPLY_SYSTEMS = List.of(LIBIPC_SPRING_RR, UDS_RR, HTTP_RR);

    /**
     * Our API over {@code IpcBackend.LIBIPC} (cpp-ipc through our shim), Java to Java. Needs the
     * shim (the harness builds it when {@code LIBIPC_HOME} is set).
     */
    public static final String LIBIPC_BACKEND = "libipc-java-backend";
    /**
     * Our API over {@code IpcBackend.LIBIPC} in the harness JVM against the C++ peer
     * {@code libipc_peer} (cpp-ipc's own C++ API) in a child process. Not a {@link Transport}: the
     * harness runs the peer itself.
     */
    public static final String LIBIPC_JAVA_CPP = "libipc-java-cpp";
    /** cpp-ipc C++ to C++: two {@code libipc_peer} processes. Not a {@link Transport}. */
    public static final String CPP_IPC = "cpp-ipc";

    /** The systems that need cpp-ipc (skipped when {@code LIBIPC_HOME} is not set). */
    public static final List<String> CPP_IPC_SYSTEMS = List.of(LIBIPC_BACKEND, LIBIPC_JAVA_CPP, CPP_IPC);

    /** Every system, in the order results are shown. */
    public static final List<String> ALL = List.of(LIBIPC, AERON, UDS, TCP, LIBIPC_PORTABLE, LIBIPC_SPRING,
            LIBIPC_SPRING_JSON, LIBIPC_SPRING_HANDOFF, LIBIPC_STREAM, LIBIPC_SPRING_RR, UDS_RR, HTTP_RR, LIBIPC_BACKEND,
            LIBIPC_JAVA_CPP, CPP_IPC);

    private Transports() {
    }

    /**
     * A transport for this process.
     *
     * @param system one of {@link #ALL} but the Spring systems, the request/reply systems,
     *               {@link #LIBIPC_JAVA_CPP} and {@link #CPP_IPC}
     * @param mode how receivers idle
     * @param runDir a directory private to this benchmark run, shared by its processes
     *               (storage files, socket files, port files, the Aeron directory)
     * @return the transport
     */
    public static Transport create(String system, IdleMode mode, Path runDir) {
        switch (system) {
            case LIBIPC:
                return new LibipcTransport(runDir, false, IpcBackend.NATIVE);
            case LIBIPC_PORTABLE:
                return new LibipcTransport(runDir, true, IpcBackend.NATIVE);
            case LIBIPC_BACKEND:
                return new LibipcTransport(runDir, false, IpcBackend.LIBIPC);
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

    /**
     * The cpp-ipc channel name of a link in a run: the run directory's name (unique on the machine
     * while the run lasts) and the link, e.g. {@code libipc-bench-123456.ping-1}. cpp-ipc keeps its
     * objects in {@code /dev/shm} under this name whatever the options say. It never contains '_',
     * which starts the suffixes cpp-ipc appends to its object names.
     *
     * @param runDir the run directory
     * @param link the link, unique in the run
     * @return the channel name
     */
    public static String libipcName(Path runDir, String link) {
        return runDir.getFileName() + "." + link;
    }
}
