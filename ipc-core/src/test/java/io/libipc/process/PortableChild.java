package io.libipc.process;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcWaitStrategy;
import io.libipc.support.TestChannels;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for {@link PortableWithoutJnaTest}, doing its steps (arguments) in order and
 * printing one line for each:
 * <ul>
 *   <li>{@code exchange:<name>}: a PORTABLE receiver sleeps in a receive until a PORTABLE sender
 *       of this JVM sends; {@code RECEIVED <text>};</li>
 *   <li>{@code send:<name>}: a PORTABLE sender waits for the receiver of another process, lets it
 *       fall asleep and sends {@code hello}; {@code SENT};</li>
 *   <li>{@code report}: {@code JNA_LOADED [classes]}, the JNA classes loaded so far, asked of the
 *       class loader (needs {@code --add-opens java.base/java.lang=ALL-UNNAMED});</li>
 *   <li>{@code open:<STRATEGY>:<name>}: opens a receiver with that wait strategy;
 *       {@code <STRATEGY> OK} or {@code <STRATEGY> FAILED <status> <message>}.</li>
 * </ul>
 * Touches nothing of JNA itself. Ends with {@code DONE}; any other failure prints {@code ERROR}.
 */
public final class PortableChild {

    private static final List<String> JNA_CLASSES = List.of("com.sun.jna.Native", "com.sun.jna.Pointer",
            "com.sun.jna.Memory", "com.sun.jna.Platform", "com.sun.jna.NativeLibrary");

    private PortableChild() {
    }

    /**
     * Runs the steps.
     *
     * @param args the steps
     */
    public static void main(String[] args) throws Exception {
        try {
            for (String step : args) {
                String[] parts = step.split(":");
                switch (parts[0]) {
                    case "exchange" -> exchange(parts[1]);
                    case "send" -> send(parts[1]);
                    case "report" -> say("JNA_LOADED " + loadedJnaClasses());
                    case "open" -> open(IpcWaitStrategy.valueOf(parts[1]), parts[2]);
                    default -> throw new IllegalArgumentException("unknown step " + step);
                }
            }
            say("DONE");
        } catch (Throwable t) {
            say("ERROR " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static IpcOptions options(IpcWaitStrategy strategy) {
        return TestChannels.optionsBuilder().waitStrategy(strategy).build();
    }

    private static void exchange(String name) throws Exception {
        IpcOptions portable = options(IpcWaitStrategy.PORTABLE);
        try (IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, name, portable, ConnMode.RECEIVER);
                IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, name, portable, ConnMode.SENDER)) {
            if (!sender.waitForReceivers(1, 10_000)) {
                throw new IllegalStateException("no receiver");
            }
            Thread later = new Thread(() -> {
                sleep(300);
                sender.send("portable".getBytes(StandardCharsets.UTF_8));
            });
            later.start();
            // Past its spin, the receive sleeps with the PORTABLE waiter until the send.
            byte[] got = receiver.receive(10_000);
            later.join();
            say("RECEIVED " + new String(got, StandardCharsets.UTF_8));
        } finally {
            IpcChannel.clearChannelStorage(name, portable);
        }
    }

    private static void send(String name) {
        IpcOptions portable = options(IpcWaitStrategy.PORTABLE);
        try (IpcChannel sender = new IpcChannel(ChannelType.ROUTE, name, portable, ConnMode.SENDER)) {
            if (!sender.waitForReceivers(1, 30_000)) {
                throw new IllegalStateException("no receiver in the other process");
            }
            // Long enough for the other process's receive to be asleep on the futex word.
            sleep(300);
            sender.send("hello".getBytes(StandardCharsets.UTF_8));
            say("SENT");
        }
    }

    private static void open(IpcWaitStrategy strategy, String name) {
        IpcOptions options = options(strategy);
        try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            say(strategy + " OK");
        } catch (IpcException e) {
            say(strategy + " FAILED " + e.status() + " " + e.getMessage());
        } finally {
            IpcChannel.clearChannelStorage(name, options);
        }
    }

    private static List<String> loadedJnaClasses() throws Exception {
        Method findLoadedClass = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
        findLoadedClass.setAccessible(true);
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        List<String> loaded = new ArrayList<>();
        for (String name : JNA_CLASSES) {
            if (findLoadedClass.invoke(loader, name) != null) {
                loaded.add(name);
            }
        }
        return loaded;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
