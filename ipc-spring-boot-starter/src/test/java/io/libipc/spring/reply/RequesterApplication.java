package io.libipc.spring.reply;

import io.libipc.spring.core.IpcOperations;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The requesting side of the cross-process request/reply tests, run in a child JVM: a plain Spring
 * Boot application whose channels come from its command line (its reply channel is
 * {@code <spring.application.name>.replies}). Reports {@code READY}, then runs commands:
 * <ul>
 *   <li>{@code WAIT <channel> <count>}: waits for that many receivers, prints {@code RECEIVERS <channel>};</li>
 *   <li>{@code ASK <channel> <timeoutMs> <text>}: a request, prints {@code REPLY <reply>} or
 *       {@code FAILED ASK <exception class>: <message>};</li>
 *   <li>{@code ASYNC <channel> <timeoutMs> <text>}: a request not waited for, prints {@code SENT};</li>
 *   <li>{@code SEND <channel> <text>}: a one-way message, prints {@code SENT};</li>
 *   <li>{@code LOAD <channel> <bytes|text|orders> <n> <threads>}: n requests from that many threads
 *       released at once, each reply checked against its request; prints
 *       {@code LOADED <kind> ok=<n> wrong=<n> failed=<n> first=<what went wrong first>}.</li>
 * </ul>
 * {@code EXIT} (or the end of input) closes the context (removing the reply channel), prints
 * {@code CLOSED} and returns from {@code main}.
 */
@EnableAutoConfiguration
public class RequesterApplication {

    /** How long a load's request waits for its reply: generous, for a loaded 2-core machine. */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Runs the requester.
     *
     * @param args Spring Boot command line arguments
     */
    public static void main(String[] args) {
        ChildIo.main(() -> {
            SpringApplication application = new SpringApplication(RequesterApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setBannerMode(Banner.Mode.OFF);
            try (ConfigurableApplicationContext context = application.run(args)) {
                IpcOperations ipc = context.getBean(IpcOperations.class);
                ChildIo.say("READY");
                ChildIo.serve(command -> run(ipc, command));
            }
            ChildIo.say("CLOSED");
        });
    }

    private static void run(IpcOperations ipc, String[] command) {
        switch (command[0]) {
            case "WAIT" -> {
                if (!ipc.waitForReceivers(command[1], Integer.parseInt(command[2]), Duration.ofSeconds(60))) {
                    throw new IllegalStateException("no " + command[2] + " receivers on " + command[1]);
                }
                ChildIo.say("RECEIVERS " + command[1]);
            }
            case "ASK" -> ChildIo.say("REPLY " + ipc.sendAndReceive(command[1], text(command), String.class,
                    Duration.ofMillis(Long.parseLong(command[2]))));
            case "ASYNC" -> {
                ipc.sendAndReceiveAsync(command[1], text(command), String.class, Duration.ofMillis(Long.parseLong(command[2])));
                ChildIo.say("SENT");
            }
            case "SEND" -> {
                ipc.send(command[1], String.join(" ", Arrays.copyOfRange(command, 2, command.length)));
                ChildIo.say("SENT");
            }
            case "LOAD" -> load(ipc, command[1], command[2], Integer.parseInt(command[3]), Integer.parseInt(command[4]));
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        }
    }

    private static String text(String[] command) {
        return String.join(" ", Arrays.copyOfRange(command, 3, command.length));
    }

    private static void load(IpcOperations ipc, String channel, String kind, int n, int threads) {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> first = new AtomicReference<>("none");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    go.await();
                    for (int i = thread; i < n; i += threads) {
                        try {
                            String problem = ask(ipc, channel, kind, i);
                            if (problem == null) {
                                ok.incrementAndGet();
                            } else {
                                wrong.incrementAndGet();
                                first.compareAndSet("none", problem);
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            first.compareAndSet("none", e.toString());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("load on " + channel + " did not finish", e);
        } finally {
            pool.shutdownNow();
        }
        ChildIo.say("LOADED " + kind + " ok=" + ok + " wrong=" + wrong + " failed=" + failed + " first=" + first);
    }

    /** One request of a load; null when its reply is the one for this request. */
    private static String ask(IpcOperations ipc, String channel, String kind, int i) {
        switch (kind) {
            case "bytes" -> {
                byte[] request = ("bytes-" + i + "-\u0000\u00ff").getBytes(StandardCharsets.UTF_8);
                byte[] reply = ipc.sendAndReceive(channel, request, byte[].class, LOAD_TIMEOUT);
                return Arrays.equals(reply, ReplierApplication.reversed(request)) ? null
                        : "request " + i + " got " + Arrays.toString(reply);
            }
            case "text" -> {
                String request = "text-" + i + "-h\u00e9llo";
                String reply = ipc.sendAndReceive(channel, request, String.class, LOAD_TIMEOUT);
                return ("echo:" + request).equals(reply) ? null : "request " + i + " got " + reply;
            }
            case "orders" -> {
                Order order = new Order(i, "item-" + i, i % 7 + 1);
                Invoice reply = ipc.sendAndReceive(channel, order, Invoice.class, LOAD_TIMEOUT);
                return Invoice.of(order).equals(reply) ? null : "order " + i + " got " + reply;
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }
}
