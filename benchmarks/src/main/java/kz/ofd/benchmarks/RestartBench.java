package kz.ofd.benchmarks;

import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.launcher.OfdServer;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.engine.logic.Answer;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.logic.LogicSettings;
import kz.ofd.engine.logic.TicketArchive;
import kz.ofd.engine.logic.TicketLedger;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.CloseShiftRequest;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Date;
import kz.ofd.protocol.proto.DateTime;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.protocol.proto.Time;
import kz.ofd.storage.journal.Journal;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Restart time against journal size (issue 5): writes a journal of N documents the way the ring would (the real
 * business logic decides every answer, the real codec encodes every Outcome), then times three starts of the real
 * server on it: no index and no snapshot (full replay and full index build), index but no snapshot (full replay),
 * and from the snapshot the previous graceful stop wrote (nothing to replay).
 *
 * <pre>
 * ./ofd restart-bench [--documents 5000000] [--kkms 1000] [--items 3] [--data DIR]
 * </pre>
 */
public final class RestartBench {

    private static final long RECEIVED_AT = 1_795_419_060_000L;   // 2026-11-23 12:31 local: a minute after the tickets' time
    private static final int DOCUMENTS_PER_SHIFT = 400;

    private RestartBench() {
    }

    /**
     * @param args options, see the class comment
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        long documents = 5_000_000;
        int kkms = 1_000;
        int items = 3;
        Path data = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--documents" -> documents = Long.parseLong(args[i + 1]);
                case "--kkms" -> kkms = Integer.parseInt(args[i + 1]);
                case "--items" -> items = Integer.parseInt(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; usage: restart-bench [--documents N] [--kkms N] [--items N] [--data DIR]");
            }
        }
        boolean temporary = data == null;
        if (temporary) {
            data = Files.createTempDirectory("ofd-restart-bench");
        }
        try {
            long start = System.nanoTime();
            long recordBytes = write(data, documents, kkms, items);
            long writeMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("journal: %,d documents, %,d KKMs, %,d MB of records (%,d MB of files), written in %,d ms%n",
                documents, kkms, recordBytes >> 20, size(data.resolve("journal")) >> 20, writeMs);
            long full = timeStart(data);
            IoUtil.delete(data.resolve("snapshots").toFile(), false);
            long replay = timeStart(data);
            long snapshotBytes = size(data.resolve("snapshots"));
            long fromSnapshot = timeStart(data);
            System.out.printf("start, no index and no snapshot (replay + index build): %,d ms%n", full);
            System.out.printf("start, index present, no snapshot (full replay):        %,d ms%n", replay);
            System.out.printf("start, from the shutdown snapshot (%,d KB):              %,d ms%n", snapshotBytes >> 10,
                fromSnapshot);
        } finally {
            if (temporary) {
                IoUtil.delete(data.toFile(), false);
            }
        }
    }

    /** @return bytes of records appended */
    static long write(Path data, long documents, int kkms, int items) {
        TicketLedger ledger = new TicketLedger(TicketArchive.EMPTY);
        BusinessLogic logic = new BusinessLogic(new LogicSettings("http://check.bench", "Bench OFD",
            LogicSettings.KAZAKHSTAN), previous -> previous % 4_000_000_000L + 1, ledger);
        long[] tokens = new long[kkms];
        int[] reqNums = new int[kkms];
        int[] inShift = new int[kkms];
        byte[] ticket = RequestDecodeBenchmark.ticket(items).toByteArray();
        Request ticketRequest = RequestDecodeBenchmark.ticket(items);
        Request close = closeShift();
        byte[] closeBytes = close.toByteArray();
        ExpandableArrayBuffer buf = new ExpandableArrayBuffer(4096);
        Answer answer = new Answer();
        long bytes = 0;
        try (Journal journal = Journal.open(data.resolve("journal"))) {
            for (int k = 0; k < kkms; k++) {
                tokens[k] = 1_000 + k;
                KkmRegistration r = new KkmRegistration(k + 1, tokens[k], String.format("6203%08d", k), "SN" + k, "Bench",
                    "180340021791", "ТОО Бенч", "Алматы", "Касса");
                logic.register(r);
                journal.append(buf, 0, OutcomeCodec.encodeRegistration(buf, RECEIVED_AT, r));
            }
            for (long d = 0; d < documents; d++) {
                int k = (int) (d % kkms);
                boolean closing = ++inShift[k] == DOCUMENTS_PER_SHIFT;
                Request request = closing ? close : ticketRequest;
                byte[] body = closing ? closeBytes : ticket;
                reqNums[k] = (reqNums[k] + 1) & 0xFFFF;
                FrameHeader header = FrameHeader.of(203, body.length, k + 1, tokens[k], reqNums[k]);
                logic.onRequest(header, request.getCommand().getNumber(), request, null, RECEIVED_AT, answer);
                if (!answer.accepted()) {
                    throw new IllegalStateException("document " + d + " refused with " + answer.resultCode());
                }
                int length = OutcomeCodec.encodeDocument(buf, RECEIVED_AT, header, request.getCommand().getNumber(),
                    answer.newToken(), answer.fiscalSign(), answer.shiftNumber(), body, answer.body(), answer.parentSign());
                journal.append(buf, 0, length);
                bytes += length;
                tokens[k] = answer.newToken();
                ledger.indexedUpTo(answer.fiscalSign());
                if (closing) {
                    inShift[k] = 0;
                }
            }
        }
        return bytes;
    }

    private static Request closeShift() {
        DateTime at = DateTime.newBuilder()
            .setDate(Date.newBuilder().setYear(2026).setMonth(11).setDay(23))
            .setTime(Time.newBuilder().setHour(20).setMinute(0).setSecond(0)).build();
        return Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_CLOSE_SHIFT)
            .setService(ServiceRequest.newBuilder())
            .setCloseShift(CloseShiftRequest.newBuilder().setCloseTime(at).setIsOffline(false).setWithdrawMoney(false)
                .setOperator(Operator.newBuilder().setCode(1).setName("Кассир")))
            .build();
    }

    /** Starts the real server on the data directory, stops it gracefully, and returns how long the start took. */
    private static long timeStart(Path data) throws Exception {
        ServerConfiguration config = new ServerConfiguration().dataDir(data).kkmHost("127.0.0.1").kkmPort(0).httpPort(0)
            .snapshotIntervalSeconds(0).conclude();
        long start = System.nanoTime();
        OfdServer server = OfdServer.start(config);
        long millis = (System.nanoTime() - start) / 1_000_000;
        server.close();
        return millis;
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

}
