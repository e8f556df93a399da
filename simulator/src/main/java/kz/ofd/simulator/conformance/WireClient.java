package kz.ofd.simulator.conformance;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A small blocking KKM-side connection: writes exactly the bytes a scenario wants and reads answers the way real
 * registers do (18 header bytes, then SIZE − 18 body bytes, never more). One scenario thread only.
 */
final class WireClient implements AutoCloseable {

    /** Largest answer SIZE read (an answer is a few kilobytes at most). */
    static final int MAX_ANSWER_SIZE = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int readTimeoutMillis;

    private WireClient(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.readTimeoutMillis = readTimeoutMillis;
    }

    static WireClient connect(InetSocketAddress target, Duration timeout) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, millis);
            socket.setSoTimeout(millis);
            return new WireClient(socket, millis);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or {@code null} when the peer closed the connection (or reset it) before a whole header
     * @throws SocketTimeoutException when nothing arrives within the read timeout
     * @throws IOException            when SIZE is unreadable, the body is cut short, or on another I/O error
     */
    Frame readFrame() throws IOException {
        byte[] head = new byte[FrameHeader.LENGTH];
        int got;
        try {
            got = readFully(head);
        } catch (SocketException e) {
            return null;
        }
        if (got < head.length) {
            return null;
        }
        FrameHeader header = FrameHeaderCodec.decode(head);
        if (header.size() < FrameHeader.LENGTH || header.size() > MAX_ANSWER_SIZE) {
            throw new IOException("the answer's SIZE " + header.size() + " cannot be read (header " + header + ")");
        }
        byte[] body = new byte[(int) header.bodyLength()];
        if (readFully(body) < body.length) {
            throw new IOException("the connection closed in the middle of an answer body (header " + header + ")");
        }
        return new Frame(header, body);
    }

    /**
     * Whether the peer closes the connection within {@code wait}, discarding nothing: returns false as soon as a
     * byte arrives instead.
     */
    boolean closedByPeerWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(readTimeoutMillis);
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a client socket: nothing useful to do
        }
    }

    static byte[] encode(FrameHeader header, byte[] body) {
        byte[] bytes = new byte[FrameHeader.LENGTH + body.length];
        FrameHeaderCodec.encode(header, bytes);
        System.arraycopy(body, 0, bytes, FrameHeader.LENGTH, body.length);
        return bytes;
    }

    private int readFully(byte[] buffer) throws IOException {
        int got = 0;
        while (got < buffer.length) {
            int n = in.read(buffer, got, buffer.length - got);
            if (n < 0) {
                return got;
            }
            got += n;
        }
        return got;
    }

    /** One frame read from the server. */
    record Frame(FrameHeader header, byte[] body) {
    }
}
