package io.libipc.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The output lines of another process (a child JVM, a container), queued as they arrive so that a
 * test waits for the line it needs instead of sleeping: the one way the process tests, the
 * container tests and the sample's tests read what their processes say. One thread adds lines,
 * the test thread awaits them.
 */
public final class OutputLines {

    private static final String END = "\u0000<eof>";

    private final String label;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> consumed = new ArrayList<>();

    /**
     * Creates an empty queue.
     *
     * @param label the process's name in assertion messages
     */
    public OutputLines(String label) {
        this.label = label;
    }

    /**
     * Adds a line the process printed.
     *
     * @param line the line
     */
    public void add(String line) {
        lines.add(line);
    }

    /**
     * Says that no more lines will come (the process's output closed).
     */
    public void end() {
        lines.add(END);
    }

    /**
     * The lines awaited past so far, for assertion messages.
     *
     * @return a snapshot
     */
    public synchronized List<String> consumed() {
        return List.copyOf(consumed);
    }

    /**
     * Waits for the next line that matches; lines before it are consumed.
     *
     * @param match what the line must satisfy (it may also throw, to fail on a line such as ERROR)
     * @param what the line described, for the message
     * @param timeout how long at most
     * @param context more for the message (the process's exit code, its log)
     * @return the line
     * @throws AssertionError when the output ends or the time runs out first
     */
    public String await(Predicate<String> match, String what, Duration timeout, Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (;;) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError(label + ": no line " + what + " within " + timeout + context.get());
                }
                if (line.equals(END)) {
                    lines.add(END);
                    throw new AssertionError(label + ": output ended before a line " + what + context.get());
                }
                synchronized (this) {
                    consumed.add(line);
                }
                if (match.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(label + ": interrupted", e);
        }
    }
}
