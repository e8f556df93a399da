package kz.ofd.engine.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stopping an HTTP listener that owns its Vert.x instance (the management port, the public receipt check), the same
 * way for each: the server first, then its Vert.x, each given a few seconds.
 */
public final class HttpListeners {

    private static final long CLOSE_SECONDS = 5;

    private HttpListeners() {
    }

    /**
     * Closes the server (when it was started) and then its Vert.x instance, waiting for both.
     *
     * @param vertx  the listener's own Vert.x
     * @param server its HTTP server, or {@code null} when it never started
     * @param what   the listener's name for the error message, e.g. "management port"
     * @throws IllegalStateException when either does not close within the time or the wait is interrupted
     */
    public static void close(Vertx vertx, HttpServer server, String what) {
        try {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " did not close cleanly", e);
        }
    }
}
