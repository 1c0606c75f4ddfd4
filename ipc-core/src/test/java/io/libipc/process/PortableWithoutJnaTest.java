package io.libipc.process;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.IpcWaitStrategy;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PORTABLE wait strategy never touches JNA: a child JVM whose handles all use PORTABLE sleeps,
 * wakes, sends and receives without loading a single {@code com.sun.jna} class (the JVM's own
 * class-loading log says so, and so does its class loader), and runs with JNA removed from its
 * class path, where FUTEX and AUTO fail with an {@code IpcException} that says what to do. A
 * PORTABLE-only process does not FUTEX_WAKE: a FUTEX receiver in another process still gets its
 * message, when its sleep slice (100 ms at most) ends.
 */
@ExtendWith(NoLeftoverStorage.class)
class PortableWithoutJnaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> OPENS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED");

    private final String exchange = TestChannels.uniqueName("portable-exchange");
    private final String toFutex = TestChannels.uniqueName("portable-to-futex");
    private final String opened = TestChannels.uniqueName("portable-open");

    @AfterEach
    void clear() {
        List.of(exchange, toFutex, opened).forEach(TestChannels::clear);
    }

    @Test
    void aPortableOnlyJvmLoadsNoJnaClassAndItsSendsReachAFutexSleeperElsewhere(@TempDir Path dir) throws Exception {
        Path classLog = dir.resolve("class-load.log");
        IpcOptions futex = TestChannels.optionsBuilder().waitStrategy(IpcWaitStrategy.FUTEX).build();
        try (IpcChannel receiver = new IpcChannel(ChannelType.ROUTE, toFutex, futex, ConnMode.RECEIVER);
                ChildJvm child = ChildJvm.start(withClassLog(classLog), PortableChild.class,
                        "exchange:" + exchange, "send:" + toFutex, "report")) {
            assertThat(awaitLine(child, "RECEIVED ")).isEqualTo("RECEIVED portable");
            long start = System.nanoTime();
            // This receiver sleeps in FUTEX_WAIT; the PORTABLE sender only bumps the word.
            byte[] hello = receiver.receive(PATIENCE.toMillis());
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(new String(hello, StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(awaitLine(child, "SENT")).isEqualTo("SENT");
            System.out.println("[test] FUTEX receiver got a PORTABLE-only process's message after " + waitedMillis + " ms");
            assertThat(awaitLine(child, "JNA_LOADED ")).isEqualTo("JNA_LOADED []");
            awaitLine(child, "DONE");
            assertThat(child.awaitExit(PATIENCE)).isZero();
        }
        assertThat(jnaClassesIn(classLog)).as("JNA classes the PORTABLE-only JVM loaded").isEmpty();
    }

    @Test
    void theClassLoadingCheckSeesJnaWhenAFutexHandleLoadsIt(@TempDir Path dir) throws Exception {
        Path classLog = dir.resolve("class-load.log");
        try (ChildJvm child = ChildJvm.start(withClassLog(classLog), PortableChild.class,
                "report", "open:FUTEX:" + opened, "report")) {
            assertThat(awaitLine(child, "JNA_LOADED ")).isEqualTo("JNA_LOADED []");
            assertThat(awaitLine(child, "FUTEX ")).isEqualTo("FUTEX OK");
            assertThat(awaitLine(child, "JNA_LOADED ")).contains("com.sun.jna.Native");
            awaitLine(child, "DONE");
            assertThat(child.awaitExit(PATIENCE)).isZero();
        }
        assertThat(jnaClassesIn(classLog)).contains("com.sun.jna.Native");
    }

    @Test
    void withoutJnaOnTheClassPathPortableWorksAndFutexAndAutoFailSayingWhatToDo() throws Exception {
        String classPath = String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).filter(entry -> !entry.contains("jna")).toList());
        assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
        try (ChildJvm child = ChildJvm.startWithClassPath(OPENS, classPath, PortableChild.class,
                "exchange:" + exchange, "open:FUTEX:" + opened, "open:AUTO:" + opened, "open:PORTABLE:" + opened)) {
            assertThat(awaitLine(child, "RECEIVED ")).isEqualTo("RECEIVED portable");
            assertThat(awaitLine(child, "FUTEX ")).startsWith("FUTEX FAILED ERROR_INVALID_ARGUMENT")
                    .contains("waitStrategy=FUTEX is not available here").contains("com/sun/jna").contains("use PORTABLE");
            assertThat(awaitLine(child, "AUTO ")).startsWith("AUTO FAILED ERROR_INVALID_ARGUMENT")
                    .contains("waitStrategy=AUTO means FUTEX on this platform").contains("com/sun/jna")
                    .contains("put JNA (net.java.dev.jna:jna) on the class path, or use waitStrategy=PORTABLE");
            assertThat(awaitLine(child, "PORTABLE ")).isEqualTo("PORTABLE OK");
            awaitLine(child, "DONE");
            assertThat(child.awaitExit(PATIENCE)).isZero();
        }
    }

    private static List<String> withClassLog(Path log) {
        List<String> options = new ArrayList<>(OPENS);
        options.add("-Xlog:class+load=info:file=" + log);
        return options;
    }

    private static List<String> jnaClassesIn(Path log) throws IOException {
        // Lines such as "[0.123s][info][class,load] com.sun.jna.Native source: file:/...".
        return Files.readAllLines(log).stream().filter(l -> l.contains("][class,load] com.sun.jna."))
                .map(l -> l.substring(l.indexOf("com.sun.jna.")).split(" ")[0]).toList();
    }

    private static String awaitLine(ChildJvm child, String prefix) {
        String line = child.awaitLine(l -> l.startsWith(prefix) || l.startsWith("ERROR"), PATIENCE);
        assertThat(line).as("child's line while waiting for %s%s", prefix, child.describe()).startsWith(prefix);
        return line;
    }
}
