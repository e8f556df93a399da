package kz.ofd.protocol.testing;

import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Response;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class RawKkmConnectionTest {

    private static final String HOST = InetAddress.getLoopbackAddress().getHostAddress();

    @Test
    void shouldReadBackAnEchoedFrame() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            assertNull(connection.lastFrame());
            KkmFrame sent = RawKkmConnection.frame(200_956L, 0xFFFF_FFFFL, 65_535, Requests.rawCommandBody(99));
            connection.send(sent);
            KkmFrame echoed = connection.readFrame();
            assertEquals(sent.header(), echoed.header());
            assertArrayEquals(sent.body(), echoed.body());
            assertEquals(echoed, connection.lastFrame());
        }
    }

    @Test
    void shouldSendRawBytesInPiecesAndReadTwoFramesBackToBack() throws Exception {
        byte[] first = RawKkmConnection.encode(RawKkmConnection.frame(1, 2, 3, new byte[] {1, 2, 3}));
        byte[] second = RawKkmConnection.encode(RawKkmConnection.frame(1, 2, 4, new byte[0]));
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            connection.sendRaw(Arrays.copyOfRange(first, 0, 7));
            connection.sendRaw(Arrays.copyOfRange(first, 7, first.length));
            connection.sendRaw(second);
            assertEquals(3, connection.readFrame().header().requestNumber());
            KkmFrame empty = connection.readFrame();
            assertEquals(4, empty.header().requestNumber());
            assertEquals(0, empty.body().length);
        }
    }

    @Test
    void shouldEncodeHeaderThenBody() {
        KkmFrame frame = RawKkmConnection.frame(200_956L, 257_152_748L, 3, new byte[30]);
        byte[] bytes = RawKkmConnection.encode(frame);
        assertEquals(48, bytes.length);
        assertEquals((byte) 0xA2, bytes[0]);
        assertEquals((byte) 0x81, bytes[1]);
        assertEquals(203, bytes[2] & 0xFF);
        assertEquals(48, bytes[4]);
    }

    @Test
    void shouldThrowEofExceptionOnCleanEof() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            connection.shutdownOutput();
            EOFException e = assertThrows(EOFException.class, connection::readFrame);
            assertTrue(e.getMessage().contains("before a frame"), e.getMessage());
        }
    }

    @Test
    void shouldThrowEofExceptionWhenThePeerClosesInsideTheHeader() throws Exception {
        byte[] frame = RawKkmConnection.encode(RawKkmConnection.frame(1, 2, 3, new byte[5]));
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            connection.sendRaw(Arrays.copyOf(frame, 10));
            connection.shutdownOutput();
            EOFException e = assertThrows(EOFException.class, connection::readFrame);
            assertTrue(e.getMessage().contains("10 of 18 header bytes"), e.getMessage());
        }
    }

    @Test
    void shouldThrowEofExceptionWhenThePeerClosesInsideTheBody() throws Exception {
        byte[] frame = RawKkmConnection.encode(RawKkmConnection.frame(1, 2, 3, new byte[5]));
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            connection.sendRaw(Arrays.copyOf(frame, 20));
            connection.shutdownOutput();
            EOFException e = assertThrows(EOFException.class, connection::readFrame);
            assertTrue(e.getMessage().contains("2 of 5 body bytes"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAnAnswerWithAnUnreadableSize() throws Exception {
        FrameHeader bad = new FrameHeader(FrameHeader.APP_CODE, 203, 17, 1, 2, 3);
        FrameHeader huge = new FrameHeader(FrameHeader.APP_CODE, 203, FrameHeader.MAX_U32, 1, 2, 3);
        for (FrameHeader header : new FrameHeader[] {bad, huge}) {
            byte[] bytes = new byte[FrameHeader.LENGTH];
            FrameHeaderCodec.encode(header, bytes);
            try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
                 RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
                connection.sendRaw(bytes);
                IOException e = assertThrows(IOException.class, connection::readFrame);
                assertFalse(e instanceof EOFException);
                assertTrue(e.getMessage().contains("SIZE " + header.size()), e.getMessage());
            }
        }
    }

    @Test
    void shouldReturnAFrameWithAWrongAppCodeForTheTestToJudge() throws Exception {
        FrameHeader header = new FrameHeader(0x1234, 1, 19, 1, 2, 3);
        byte[] bytes = RawKkmConnection.encode(new KkmFrame(header, new byte[] {9}));
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            connection.sendRaw(bytes);
            assertEquals(header, connection.readFrame().header());
        }
    }

    @Test
    void shouldTimeOutWhenNothingArrives() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port(), Duration.ofMillis(100))) {
            assertThrows(SocketTimeoutException.class, connection::readFrame);
        }
    }

    @Test
    void shouldReportAnOpenConnectionAsNotClosed() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            assertFalse(connection.isClosedByPeer(Duration.ofMillis(100)));
            KkmFrame sent = RawKkmConnection.frame(1, 2, 3, new byte[] {4});
            connection.send(sent);
            assertEquals(sent.header(), connection.readFrame().header());
        }
    }

    @Test
    void shouldReportThePeersClose() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            connection.shutdownOutput();
            assertTrue(connection.isClosedByPeer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void shouldKeepDataThatArrivesWhileCheckingForClose() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            KkmFrame sent = RawKkmConnection.frame(1, 2, 3, new byte[] {4, 5});
            connection.send(sent);
            assertFalse(connection.isClosedByPeer(Duration.ofSeconds(5)));
            KkmFrame echoed = connection.readFrame();
            assertEquals(sent.header(), echoed.header());
            assertArrayEquals(sent.body(), echoed.body());
        }
    }

    @Test
    void shouldCallAndParseTheAnswerStrictly() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::answerOk);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            Response response = connection.call(200_956L, 257_152_748L, 3, Requests.ticket(110_22_00L));
            assertEquals(CommandTypeEnum.COMMAND_TICKET, response.getCommand());
            assertEquals(0, response.getResult().getResultCode());
            FrameHeader header = connection.lastFrame().header();
            assertEquals(FrameHeader.APP_CODE, header.appCode());
            assertEquals(RawKkmConnection.VERSION, header.version());
            assertEquals(200_956L, header.kkmId());
            assertEquals(257_152_749L, header.token());
            assertEquals(3, header.requestNumber());
            assertEquals(response.getSerializedSize(), header.bodyLength());

            Response second = connection.call(200_956L, 257_152_749L, 4, Requests.info());
            assertEquals(CommandTypeEnum.COMMAND_INFO, second.getCommand());
            assertEquals(4, connection.lastFrame().header().requestNumber());
        }
    }

    @Test
    void shouldStrictlyParseTheAnswerToAnUnknownCommand() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::answerOk);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            Response answer = connection.call(1, 2, 3, Requests.command(99));
            assertEquals(4, answer.getResult().getResultCode());
        }
    }

    @Test
    void shouldExchangeARawBody() throws Exception {
        try (TinyServer server = new TinyServer(RawKkmConnectionTest::echo);
             RawKkmConnection connection = RawKkmConnection.connect(HOST, server.port())) {
            byte[] body = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
            KkmFrame answer = connection.exchange(7, 8, 9, body);
            assertArrayEquals(body, answer.body());
            assertEquals(FrameHeader.of(RawKkmConnection.VERSION, 4, 7, 8, 9), answer.header());
        }
    }

    @Test
    void shouldRefuseANonPositiveTimeout() {
        assertThrows(IllegalArgumentException.class, () -> RawKkmConnection.connect(HOST, 1, Duration.ZERO));
    }

    /** Copies everything back until EOF, then closes. */
    private static void echo(Socket socket) throws IOException {
        socket.getInputStream().transferTo(socket.getOutputStream());
    }

    /** Answers every request frame with {@code result_code} 0 (4 for an unknown command) and token + 1. */
    private static void answerOk(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        while (true) {
            byte[] head = in.readNBytes(FrameHeader.LENGTH);
            if (head.length < FrameHeader.LENGTH) {
                return;
            }
            FrameHeader header = FrameHeaderCodec.decode(head);
            byte[] body = in.readNBytes((int) header.bodyLength());
            int command = KkmMessages.parseRequest(body).commandNumber();
            int code = CommandTypeEnum.forNumber(command) == null ? 4 : 0;
            byte[] answer = KkmMessages.response(command, code, null).buildPartial().toByteArray();
            out.write(RawKkmConnection.encode(new KkmFrame(header.answer(answer.length, header.token() + 1), answer)));
            out.flush();
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    /** A one-connection server on a free loopback port that runs a handler on its own thread. */
    private static final class TinyServer implements AutoCloseable {

        private final ServerSocket serverSocket;
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        TinyServer(Handler handler) throws IOException {
            serverSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket socket = serverSocket.accept()) {
                    handler.handle(socket);
                } catch (IOException | RuntimeException e) {
                    if (!serverSocket.isClosed()) {
                        failure.set(e);
                    }
                }
            }, "tiny-kkm-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return serverSocket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            serverSocket.close();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the server thread", e);
            }
            assertFalse(thread.isAlive(), "server thread did not finish");
            if (failure.get() != null) {
                throw new AssertionError("server failed", failure.get());
            }
        }
    }
}
