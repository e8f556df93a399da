package kz.ofd.engine.launcher;

import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.pipeline.AdminCommand;
import kz.ofd.engine.pipeline.AdminResult;
import kz.ofd.protocol.proto.OperationTypeEnum;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.testing.RawKkmConnection;
import kz.ofd.protocol.testing.Requests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A short day on a real server, leaving a data directory for the offline commands (verify, export, import):
 * two KKMs, a deposit, sales, a return of one of them, an X report, a snapshot on request, a close, a snapshot at
 * stop. Six documents, five of them with a fiscal sign, and two reports (the X and the Z) of KKM 1's shift 1.
 */
final class ServerDay {

    private static final String RNM = "620300144467";

    private ServerDay() {
    }

    static void run(Path dir) throws Exception {
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
                token = ok(c, 1, token, ++reqNum, Requests.report(kz.ofd.protocol.proto.ReportTypeEnum.REPORT_X), null);
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
}
