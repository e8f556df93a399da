package kz.ofd.simulator.conformance;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.FrameHeaderCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.Result;
import kz.ofd.protocol.proto.TicketResponse;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broken OFD for the kit's own tests: answers every readable frame with result 0 in a complete Response, echoes the
 * header with the request's own token (never rotates), and issues a new fiscal sign per TICKET. Frames it cannot
 * read close the connection. Blocking sockets, one thread per connection; {@link #close()} stops them all.
 */
final class AlwaysOkServer implements AutoCloseable {

    private static final int MAX_FRAME = 1 << 20;

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final AtomicLong signs = new AtomicLong(1_000_000_000L);

    AlwaysOkServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "always-ok-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                connections.add(s);
                Thread worker = new Thread(() -> serve(s), "always-ok-connection");
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[] head = new byte[FrameHeader.LENGTH];
                in.readFully(head);
                FrameHeader h = FrameHeaderCodec.decode(head);
                if (h.appCode() != FrameHeader.APP_CODE || h.size() < FrameHeader.LENGTH || h.size() > MAX_FRAME) {
                    return;
                }
                byte[] body = new byte[(int) h.bodyLength()];
                in.readFully(body);
                byte[] answer = answer(body).toByteArray();
                byte[] frame = new byte[FrameHeader.LENGTH + answer.length];
                FrameHeaderCodec.encode(h.answer(answer.length, h.token()), frame);
                System.arraycopy(answer, 0, frame, FrameHeader.LENGTH, answer.length);
                out.write(frame);
                out.flush();
            }
        } catch (EOFException e) {
            // the client closed
        } catch (IOException e) {
            // closed by close() or reset by the client
        }
    }

    private Response answer(byte[] body) {
        CommandTypeEnum command = CommandTypeEnum.COMMAND_SYSTEM;
        try {
            Request request = Request.parser().parsePartialFrom(body);
            if (request.hasCommand()) {
                command = request.getCommand();
            }
        } catch (InvalidProtocolBufferException e) {
            // still "OK": that is the fault this server has
        }
        Response.Builder r = Response.newBuilder().setCommand(command).setResult(Result.newBuilder().setResultCode(0));
        if (command == CommandTypeEnum.COMMAND_TICKET) {
            r.setTicket(TicketResponse.newBuilder().setTicketNumber(Long.toString(signs.incrementAndGet())));
        }
        return r.build();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : connections) {
            s.close();
        }
        try {
            acceptor.join(5_000);
            for (Thread t : workers) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
