package kz.ofd.engine.launcher;

import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.pipeline.AdminCommand;
import kz.ofd.engine.pipeline.AdminResult;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ofd verify} on the data directory a real server left: OK as left, and each kind of damage named.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VerifyCommandTest {

    private static final String RNM = "620300144467";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int verify() {
        out.reset();
        err.reset();
        return Main.run(List.of("verify", "--data", dir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** A short day on a real server: sales, a return of one of them, a close, a snapshot on request and at stop. */
    private void runADay() throws Exception {
        ServerConfiguration config = new ServerConfiguration().dataDir(dir).kkmHost("127.0.0.1").kkmPort(0).httpPort(0)
            .snapshotIntervalSeconds(0).conclude();
        try (OfdServer server = OfdServer.start(config)) {
            for (long id = 1; id <= 2; id++) {
                assertEquals(AdminResult.DONE, server.pipeline().publishAdmin(new AdminCommand.Register(new KkmRegistration(
                    id, 100 * id, RNM, "SN" + id, "Test", "180340021791", "ТОО Тест", "Алматы", "Касса"))).get());
            }
            long token = 100;
            int reqNum = 0;
            try (RawKkmConnection c = RawKkmConnection.connect("127.0.0.1", server.kkmPort())) {
                for (var request : List.of(Requests.moneyPlacement(true, 100_000), Requests.ticket(5_000))) {
                    token = ok(c, 1, token, ++reqNum, request, null);
                }
                String[] sign = new String[1];
                token = ok(c, 1, token, ++reqNum, Requests.ticket(7_000), sign);
                token = ok(c, 1, token, ++reqNum, Requests.withParentTicket(Requests.ticket(
                    OperationTypeEnum.OPERATION_SELL_RETURN, 2_000), sign[0], RNM, LocalDateTime.now(), 7_000), null);
                HttpResponse<String> snapshot = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/api/snapshots"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, snapshot.statusCode(), snapshot.body());
                ok(c, 1, token, ++reqNum, Requests.closeShift(), null);
                ok(c, 2, 200, 1, Requests.ticket(300), null);
            }
        }
    }

    private static long ok(RawKkmConnection c, long id, long token, int reqNum, kz.ofd.protocol.proto.Request request,
                           String[] sign) throws IOException {
        Response r = c.call(id, token, reqNum, request);
        assertEquals(0, r.getResult().getResultCode(), r.getResult().getResultText());
        if (sign != null) {
            sign[0] = r.getTicket().getTicketNumber();
        }
        return c.lastFrame().header().token();
    }

    @Test
    void shouldPassOnWhatAServerLeftAndCompareEverySnapshot() throws Exception {
        runADay();
        assertEquals(0, verify(), output());
        assertTrue(output().contains("6 documents"), output());
        assertTrue(output().contains("2 snapshots compared"), output());
        assertTrue(output().contains("OK"), output());
    }

    @Test
    void shouldNameADamagedSnapshot() throws Exception {
        runADay();
        Path snapshot;
        try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
            snapshot = files.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 1;
        Files.write(snapshot, bytes);
        assertEquals(1, verify(), output());
        assertTrue(output().contains("is unusable (recovery skips it)"), output());
    }

    @Test
    void shouldNameAnIndexEntryTheJournalDoesNotHave() throws Exception {
        runADay();
        try (DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            index.write(List.of(DocumentEntry.document(0, 9, 1, 6, 3, 1L, false)), index.checkpoint());
        }
        assertEquals(1, verify(), output());
        assertTrue(output().contains("index: holds 7 documents"), output());
    }

    @Test
    void shouldNameAMissingIndexAndAServerThatIsRunning() throws Exception {
        runADay();
        try (Stream<Path> paths = Files.walk(dir.resolve("index"))) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertEquals(1, verify(), output());
        assertTrue(output().contains("there is no index"), output());

        ServerConfiguration config = new ServerConfiguration().dataDir(dir).kkmHost("127.0.0.1").kkmPort(0).httpPort(0)
            .snapshotIntervalSeconds(0).conclude();
        OfdServer running = OfdServer.start(config);
        try (running) {
            assertEquals(1, verify(), output());
            assertTrue(output().contains("stop the server first"), output());
        }
        assertEquals(0, verify(), "the start rebuilt the index: " + output());
    }
}
