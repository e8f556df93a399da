package kz.ofd.engine.system;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fails a system test when the server logged an error or Netty reported a buffer leak, even if every assertion
 * passed. The SLF4J simple logger writes to the current {@code System.err} at each call, so the watcher tees
 * it for the duration of the test.
 */
final class ServerLogWatcher implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> FATAL_MARKERS = List.of(" ERROR ", "LEAK:");

    private PrintStream original;
    private ByteArrayOutputStream captured;

    @Override
    public void beforeEach(ExtensionContext context) {
        original = System.err;
        captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(original);
        String log;
        synchronized (captured) {
            log = captured.toString(StandardCharsets.UTF_8);
        }
        String errors = log.lines()
            .filter(line -> FATAL_MARKERS.stream().anyMatch(line::contains))
            .collect(Collectors.joining("\n"));
        if (!errors.isEmpty() && context.getExecutionException().isEmpty()) {
            throw new AssertionError("the server logged errors during " + context.getDisplayName() + ":\n" + errors);
        }
    }
}
