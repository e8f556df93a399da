package kz.ofd.protocol.testing;

import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A blocking raw KKM wire client for system tests: one plain TCP connection on which a test writes exactly the
 * bytes it wants (whole frames, pieces of frames, garbage) and reads answers frame by frame the way real clients
 * do (18 header bytes, then SIZE − 18 body bytes, never more; protocol-facts §1.3).
 *
 * <p>Reading is deliberately lenient about the header so a test can assert on what the server sent: any APPCODE
 * and VERSION are returned as is (check {@link #lastFrame()}); only a SIZE that cannot be read safely (below 18 or
 * above {@link #MAX_FRAME_SIZE}) throws. {@link #call} on the other hand parses the answer body strictly, like
 * the strict proto2 clients of protocol-facts §15.9.
 *
 * <p>Not thread-safe: use one connection from one test thread. Close it (try-with-resources).
 */
public final class RawKkmConnection implements AutoCloseable {

    /** Protocol version written by {@link #call} and {@link #exchange}: 203 = 2.0.3. */
    public static final int VERSION = 203;
    /** Connect timeout. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default read timeout (SO_TIMEOUT) of every blocking read. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    /** How long {@link #isClosedByPeer()} waits for the peer's EOF. */
    public static final Duration DEFAULT_CLOSE_WAIT = Duration.ofSeconds(1);
    /** Largest SIZE {@link #readFrame()} accepts (it allocates SIZE − 18 bytes). */
    public static final int MAX_FRAME_SIZE = 16 * 1024 * 1024;

    private final Socket socket;
    private final PushbackInputStream in;
    private final OutputStream out;
    private int readTimeoutMillis;
    private KkmFrame lastFrame;

    private RawKkmConnection(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        this.in = new PushbackInputStream(socket.getInputStream(), 1);
        this.out = socket.getOutputStream();
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * Connects with a 5 s connect timeout and the default 5 s read timeout.
     *
     * @param host server host
     * @param port server port
     * @return the open connection
     * @throws IOException if the connection cannot be made
     */
    public static RawKkmConnection connect(String host, int port) throws IOException {
        return connect(host, port, DEFAULT_READ_TIMEOUT);
    }

    /**
     * Connects with a 5 s connect timeout and the given read timeout.
     *
     * @param host        server host
     * @param port        server port
     * @param readTimeout SO_TIMEOUT of every blocking read (positive)
     * @return the open connection
     * @throws IOException if the connection cannot be made
     */
    public static RawKkmConnection connect(String host, int port, Duration readTimeout) throws IOException {
        int timeout = millis(readTimeout);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), millis(CONNECT_TIMEOUT));
            socket.setSoTimeout(timeout);
            return new RawKkmConnection(socket, timeout);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Writes bytes as they are and flushes.
     *
     * @param bytes anything: whole frames, partial frames, garbage
     * @throws IOException on a write error
     */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes one frame (header then body) and flushes.
     *
     * @param frame the frame
     * @throws IOException on a write error
     */
    public void send(KkmFrame frame) throws IOException {
        sendRaw(encode(frame));
    }

    /**
     * Reads exactly one frame: 18 header bytes, then SIZE − 18 body bytes. The frame is also kept as
     * {@link #lastFrame()}.
     *
     * @return the frame, with whatever APPCODE and VERSION the peer sent
     * @throws EOFException           if the peer closed the connection before a frame (clean EOF), or in the
     *                                middle of one (the message says how many bytes had arrived)
     * @throws SocketTimeoutException if nothing arrives within the read timeout
     * @throws IOException            if SIZE is below 18 or above {@link #MAX_FRAME_SIZE}, or on a read error
     */
    public KkmFrame readFrame() throws IOException {
        byte[] head = new byte[FrameHeader.LENGTH];
        int got = readFully(head);
        if (got == 0) {
            throw new EOFException("connection closed by the peer before a frame");
        }
        if (got < head.length) {
            throw new EOFException("connection closed by the peer after " + got + " of 18 header bytes");
        }
        FrameHeader header = FrameHeaderCodec.decode(head);
        if (header.size() < FrameHeader.LENGTH || header.size() > MAX_FRAME_SIZE) {
            throw new IOException("unreadable SIZE " + header.size() + " in frame header " + header);
        }
        byte[] body = new byte[(int) header.bodyLength()];
        got = readFully(body);
        if (got < body.length) {
            throw new EOFException("connection closed by the peer after " + got + " of " + body.length
                + " body bytes of " + header);
        }
        lastFrame = new KkmFrame(header, body);
        return lastFrame;
    }

    /**
     * Whether the peer has closed the connection, waiting at most {@link #DEFAULT_CLOSE_WAIT} for its EOF.
     *
     * @return see {@link #isClosedByPeer(Duration)}
     * @throws IOException on an unexpected socket error
     */
    public boolean isClosedByPeer() throws IOException {
        return isClosedByPeer(DEFAULT_CLOSE_WAIT);
    }

    /**
     * Whether the peer has closed the connection (EOF or a reset), waiting at most {@code wait}. Returns as soon as
     * EOF arrives, so a positive answer costs no more than the peer's delay. If data arrives instead, answers
     * false and keeps the data for the next read.
     *
     * @param wait how long to wait for EOF (positive)
     * @return true on EOF or connection reset; false if the wait ran out or data arrived
     * @throws IOException on an unexpected socket error
     */
    public boolean isClosedByPeer(Duration wait) throws IOException {
        if (socket.isClosed()) {
            throw new IllegalStateException("this connection is closed");
        }
        socket.setSoTimeout(millis(wait));
        try {
            int b = in.read();
            if (b < 0) {
                return true;
            }
            in.unread(b);
            return false;
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

    /**
     * Half-closes the connection: the peer sees EOF, answers can still be read.
     *
     * @throws IOException on a socket error
     */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Changes the read timeout of later blocking reads.
     *
     * @param readTimeout new SO_TIMEOUT (positive)
     * @throws IOException on a socket error
     */
    public void setReadTimeout(Duration readTimeout) throws IOException {
        readTimeoutMillis = millis(readTimeout);
        socket.setSoTimeout(readTimeoutMillis);
    }

    /**
     * Sends a request in a version-203 frame and reads and strictly parses the answer
     * ({@code Response.parseFrom}: a missing proto2 required field anywhere fails). The answer's header is
     * available as {@code lastFrame().header()}.
     *
     * @param kkmId   header ID
     * @param token   header TOKEN
     * @param reqNum  header REQNUM
     * @param request the request (may be partial; it is serialised as is)
     * @return the parsed answer
     * @throws com.google.protobuf.InvalidProtocolBufferException if the answer body is not a complete Response
     * @throws IOException                                        on EOF, timeout or another I/O error
     */
    public Response call(long kkmId, long token, int reqNum, Request request) throws IOException {
        return Response.parseFrom(exchange(kkmId, token, reqNum, request.toByteArray()).body());
    }

    /**
     * Like {@link #call(long, long, int, Request)} in a frame of another protocol version.
     *
     * @param version header VERSION (202, 203, 204, or an unsupported one for negative tests)
     * @param kkmId   header ID
     * @param token   header TOKEN
     * @param reqNum  header REQNUM
     * @param request the request
     * @return the parsed answer
     * @throws IOException on EOF, timeout, an incomplete answer or another I/O error
     */
    public Response call(int version, long kkmId, long token, int reqNum, Request request) throws IOException {
        byte[] body = request.toByteArray();
        send(new KkmFrame(FrameHeader.of(version, body.length, kkmId, token, reqNum), body));
        return Response.parseFrom(readFrame().body());
    }

    /**
     * Sends any body in a version-203 frame and reads the answer frame without parsing it (for bodies a Request
     * cannot express, and for answers a strict parse would refuse).
     *
     * @param kkmId  header ID
     * @param token  header TOKEN
     * @param reqNum header REQNUM
     * @param body   body bytes
     * @return the answer frame (also {@link #lastFrame()})
     * @throws IOException on EOF, timeout or another I/O error
     */
    public KkmFrame exchange(long kkmId, long token, int reqNum, byte[] body) throws IOException {
        send(frame(kkmId, token, reqNum, body));
        return readFrame();
    }

    /**
     * The frame most recently read by {@link #readFrame()}, {@link #call} or {@link #exchange}.
     *
     * @return the last frame, or {@code null} before the first
     */
    public KkmFrame lastFrame() {
        return lastFrame;
    }

    /**
     * @return the local port of this connection (to find it in server logs)
     */
    public int localPort() {
        return socket.getLocalPort();
    }

    /**
     * Closes the socket.
     *
     * @throws UncheckedIOException if closing fails
     */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The wire bytes of a frame: 18-byte little-endian header then the body.
     *
     * @param frame the frame
     * @return header + body
     */
    public static byte[] encode(KkmFrame frame) {
        byte[] bytes = new byte[FrameHeader.LENGTH + frame.body().length];
        FrameHeaderCodec.encode(frame.header(), bytes);
        System.arraycopy(frame.body(), 0, bytes, FrameHeader.LENGTH, frame.body().length);
        return bytes;
    }

    /**
     * A version-203 request frame around a body.
     *
     * @param kkmId  header ID
     * @param token  header TOKEN
     * @param reqNum header REQNUM
     * @param body   body bytes
     * @return the frame
     */
    public static KkmFrame frame(long kkmId, long token, int reqNum, byte[] body) {
        return new KkmFrame(FrameHeader.of(VERSION, body.length, kkmId, token, reqNum), body);
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

    private static int millis(Duration duration) {
        long millis = duration.toMillis();
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be 1 ms .. 24 days: " + duration);
        }
        return (int) millis;
    }
}
