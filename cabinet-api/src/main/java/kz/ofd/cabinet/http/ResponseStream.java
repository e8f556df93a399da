package kz.ofd.cabinet.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A chunked HTTP response as a blocking {@link OutputStream}, for a worker thread that streams a download: bytes are
 * gathered into chunks of {@link #CHUNK} bytes, each chunk is written to the response, and while Vert.x's write queue
 * is full the writing thread waits for the drain (backpressure), so a slow client holds back the reader of the data
 * instead of letting the export pile up in memory. A client that goes away ends the wait with an {@link IOException}.
 */
final class ResponseStream extends OutputStream {

    /** Bytes per chunk written to the response. */
    static final int CHUNK = 16 * 1024;
    /** How long a client may read nothing before the download is abandoned. */
    private static final long STALL_SECONDS = 120;

    private final HttpServerResponse response;
    private final byte[] chunk = new byte[CHUNK];
    private int used;
    private volatile boolean closedByClient;
    private volatile CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);

    ResponseStream(HttpServerResponse response) {
        this.response = response;
        response.setChunked(true);
        response.closeHandler(v -> {
            closedByClient = true;
            drained.complete(null);
        });
    }

    @Override
    public void write(int b) throws IOException {
        if (used == CHUNK) {
            flushChunk();
        }
        chunk[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == CHUNK) {
                flushChunk();
            }
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, chunk, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        flushChunk();
    }

    /** Writes what is gathered and ends the response. */
    @Override
    public void close() throws IOException {
        flushChunk();
        if (!closedByClient) {
            response.end();
        }
    }

    private void flushChunk() throws IOException {
        if (closedByClient) {
            throw new IOException("the client closed the connection");
        }
        if (used == 0) {
            return;
        }
        response.write(Buffer.buffer(java.util.Arrays.copyOf(chunk, used)));
        used = 0;
        if (response.writeQueueFull()) {
            CompletableFuture<Void> wait = new CompletableFuture<>();
            drained = wait;
            response.drainHandler(v -> wait.complete(null));
            if (!response.writeQueueFull() || closedByClient) {
                wait.complete(null);   // drained (or closed) before the handler was in place
            }
            try {
                wait.get(STALL_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the client was slow", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the client read nothing for " + STALL_SECONDS + " s", e);
            }
            if (closedByClient) {
                throw new IOException("the client closed the connection");
            }
        }
    }
}
