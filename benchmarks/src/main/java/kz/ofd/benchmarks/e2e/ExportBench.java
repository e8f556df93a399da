package kz.ofd.benchmarks.e2e;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import kz.ofd.cabinet.CabinetSettings;
import kz.ofd.cabinet.auth.LogCodeSender;
import kz.ofd.cabinet.auth.PasswordHasher;
import kz.ofd.cabinet.http.CabinetServer;
import kz.ofd.cabinet.kkm.KkmLifecycleStatus;
import kz.ofd.cabinet.registry.CabinetRegistry;
import kz.ofd.cabinet.registry.proto.KkmRecord;
import kz.ofd.cabinet.registry.proto.OrganizationRecord;
import kz.ofd.cabinet.registry.proto.TradePointRecord;
import kz.ofd.cabinet.registry.proto.UserRecord;
import kz.ofd.cabinet.signature.ChallengeSignatureVerifier;
import kz.ofd.cabinet.signature.TrustMaterial;
import kz.ofd.cabinet.spi.KgdApplications;
import kz.ofd.cabinet.spi.KkmEngine;
import kz.ofd.cabinet.spi.PhoneOwnership;
import kz.ofd.cabinet.spi.TradePointKkms;
import kz.ofd.engine.cabinet.EngineFiscalDocuments;
import kz.ofd.engine.cabinet.Receipts;
import kz.ofd.engine.launcher.ServerConfiguration;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.logic.LogicSettings;
import kz.ofd.engine.logic.TicketLedger;
import kz.ofd.engine.pipeline.IndexedTickets;
import kz.ofd.engine.pipeline.Pipeline;
import kz.ofd.engine.pipeline.PipelineStats;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.frame.KkmFrame;
import kz.ofd.protocol.codec.KkmMessages;
import kz.ofd.protocol.codec.ParsedRequest;
import kz.ofd.protocol.proto.CloseShiftRequest;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Operator;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.ServiceRequest;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.journal.Journal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A year of a busy shop downloaded from the cabinet (issue 9, item 3: «a year of a busy shop (10⁶ receipts)
 * exports in bounded memory»). First writes the year through the engine's real ring in this JVM — business logic,
 * Chronicle journal, RocksDB index — one KKM, one receipt in flight at a time as a register sends them, a shift a
 * day from 09:00 to 21:00 Kazakhstan time closed by a Z report, the receive clock moved along the year. Then starts
 * the cabinet over that index and journal, logs in over HTTP, and downloads the whole year as CSV and as XLSX
 * through {@code /api/v1/kkms/{id}/receipts.csv|xlsx?from=&to=}, reading the body as it streams. Prints rows, bytes,
 * seconds, rows/s and the heap: the largest heap in use after a collection while the download ran (the live data
 * the download needs) and the largest in use at all, against the heap limit this JVM was given.
 *
 * <pre>
 * ./ofd export-bench [--receipts 1000000] [--days 365]
 * </pre>
 * Everything is written to a temporary directory that is deleted at the end.
 */
public final class ExportBench {

    private static final ZoneOffset KAZAKHSTAN = ZoneOffset.ofHours(5);
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 11, 24);
    private static final long OFD_ID = 1;
    private static final int VERSION = 203;
    private static final String PASSWORD = "Export-bench-2026";
    private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AtomicLong now = new AtomicLong();
    private volatile Thread waiter;
    private volatile Response answer;
    private long token = 1;
    private int requestNumber;

    private ExportBench() {
    }

    /**
     * @param args options, see the class comment
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int receipts = 1_000_000;
        int days = 365;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--receipts" -> receipts = Integer.parseInt(args[i + 1]);
                case "--days" -> days = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; usage: export-bench [--receipts N] [--days N (1..366)]");
            }
        }
        if (days < 1 || days > 366 || receipts < days) {
            throw new IllegalArgumentException("--days 1..366 and --receipts at least one a day");
        }
        Path dir = Files.createTempDirectory("ofd-export-bench");
        try {
            run(dir, receipts, days, System.out);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * One run in {@code dir} (left for the caller to delete).
     *
     * @param dir      an empty directory
     * @param receipts receipts to write and download
     * @param days     days (shifts) they are spread over, 1..366
     * @param out      where the result lines go
     * @return the CSV's and the XLSX's result
     * @throws Exception on any failure, including a download with another number of receipts than was written
     */
    static List<Result> run(Path dir, int receipts, int days, java.io.PrintStream out) throws Exception {
        return new ExportBench().write(dir, receipts, days, out);
    }

    /**
     * One download.
     *
     * @param kind          csv or xlsx
     * @param receipts      receipts in it
     * @param sheets        worksheets (1 for the CSV)
     * @param bytes         response body size
     * @param seconds       from the request to the last byte
     * @param maxAfterGcMib largest heap in use after a collection during the download, MiB
     * @param maxUsedMib    largest heap in use during the download, MiB
     */
    record Result(String kind, long receipts, int sheets, long bytes, double seconds, long maxAfterGcMib, long maxUsedMib) {
    }

    private List<Result> write(Path dir, int receipts, int days, java.io.PrintStream out) throws Exception {
        out.printf("export-bench: max heap %d MiB, %d receipts over %d days%n",
            Runtime.getRuntime().maxMemory() >> 20, receipts, days);
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            long start = System.nanoTime();
            write(journal, index, receipts, days);
            out.printf("written: %d receipts and %d Z reports in %.1f s%n", receipts, days,
                (System.nanoTime() - start) / 1e9);
            try (CabinetRegistry registry = CabinetRegistry.open(dir.resolve("registry"), new SecureRandom())) {
                long kkmId = owner(registry);
                CabinetServer cabinet = new CabinetServer(new CabinetServer.Dependencies(registry,
                    CabinetSettings.defaults().withArgon2(new PasswordHasher.Params(1024, 1, 1)), Clock.systemUTC(),
                    new ChallengeSignatureVerifier(new TrustMaterial(List.of(), List.of()), true), new LogCodeSender(true),
                    PhoneOwnership.UNVERIFIED, TradePointKkms.none(), KkmEngine.absent(), KgdApplications.absent(),
                    new EngineFiscalDocuments(new Receipts(index, journal))));
                try (cabinet) {
                    String base = "http://127.0.0.1:" + cabinet.start("127.0.0.1", 0);
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    String bearer = login(http, base);
                    String query = "?from=" + FIRST_DAY + "&to=" + FIRST_DAY.plusDays(days - 1L);
                    return List.of(
                        download(http, base + "/api/v1/kkms/" + kkmId + "/receipts.csv" + query, bearer, "csv", receipts, out),
                        download(http, base + "/api/v1/kkms/" + kkmId + "/receipts.xlsx" + query, bearer, "xlsx", receipts,
                            out));
                }
            }
        }
    }

    /** One KKM's year through the ring: receipts one at a time, a Z report at the end of each day. */
    private void write(Journal journal, DocumentIndex index, int receipts, int days) {
        LogicSettings settings = new LogicSettings("http://check.bench", "Bench OFD", LogicSettings.KAZAKHSTAN);
        TicketLedger ledger = new TicketLedger(new IndexedTickets(index));
        long[] tokens = {token};
        BusinessLogic logic = new BusinessLogic(settings, previous -> ++tokens[0], ledger);
        logic.register(new KkmRegistration(OFD_ID, token, "620300144467", "SN-EXPORT", "Bench", "180340021791",
            "ТОО Экспорт", "Алматы", "Касса"));
        Pipeline pipeline = new Pipeline(ServerConfiguration.RING_SIZE_DEFAULT, logic, journal, index, ledger, false,
            "parking", new PipelineStats(new SimpleMeterRegistry()), now::get);
        pipeline.start();
        try {
            byte[] ticket = kz.ofd.benchmarks.RequestDecodeBenchmark.ticket(3).toByteArray();
            ParsedRequest ticketParsed = KkmMessages.parseRequest(ticket);
            byte[] close = Request.newBuilder().setCommand(CommandTypeEnum.COMMAND_CLOSE_SHIFT)
                .setService(ServiceRequest.newBuilder())
                .setCloseShift(CloseShiftRequest.newBuilder().setCloseTime(kz.ofd.benchmarks.RequestDecodeBenchmark
                        .ticket(1).getTicket().getDateTime()).setIsOffline(false).setWithdrawMoney(false)
                    .setOperator(Operator.newBuilder().setCode(1).setName("Кассир")))
                .build().toByteArray();
            ParsedRequest closeParsed = KkmMessages.parseRequest(close);
            long openMillis = TimeUnit.HOURS.toMillis(12);
            int written = 0;
            for (int day = 0; day < days; day++) {
                long dayStart = FIRST_DAY.plusDays(day).atTime(9, 0).toInstant(KAZAKHSTAN).toEpochMilli();
                int today = (int) ((long) receipts * (day + 1) / days - written);
                for (int i = 0; i < today; i++) {
                    now.set(dayStart + openMillis * i / today);
                    send(pipeline, ticket, ticketParsed, CommandTypeEnum.COMMAND_TICKET);
                }
                written += today;
                now.set(dayStart + openMillis);
                send(pipeline, close, closeParsed, CommandTypeEnum.COMMAND_CLOSE_SHIFT);
            }
        } finally {
            pipeline.close();
        }
    }

    private void send(Pipeline pipeline, byte[] body, ParsedRequest parsed, CommandTypeEnum command) {
        requestNumber = (requestNumber + 1) & 0xFFFF;
        KkmFrame frame = new KkmFrame(FrameHeader.of(VERSION, body.length, OFD_ID, token,
            requestNumber), body);
        answer = null;
        waiter = Thread.currentThread();
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (!pipeline.publishRequest(this::onAnswer, frame, parsed, null)) {
            LockSupport.parkNanos(this, 100_000);   // the indexer lags: wait for a free slot, as a register would retry
            check(deadline, "the ring stayed full");
        }
        while (answer == null) {
            LockSupport.parkNanos(this, 1_000_000);
            check(deadline, "no answer");
        }
        if (answer.getResult().getResultCode() != 0) {
            throw new IllegalStateException(command + " refused: " + answer.getResult());
        }
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " after 10 s");
        }
    }

    private void onAnswer(KkmFrame frame) {
        try {
            Response r = Response.parseFrom(frame.body());
            token = frame.header().token();
            answer = r;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            answer = Response.newBuilder().setCommand(CommandTypeEnum.COMMAND_SYSTEM).setResult(
                kz.ofd.protocol.proto.Result.newBuilder().setResultCode(-1).setResultText("unparsable answer")).buildPartial();
        }
        LockSupport.unpark(waiter);
    }

    /** An organization, its owner with a password, a trade point and the KKM with {@link #OFD_ID}; @return its id */
    private static long owner(CabinetRegistry registry) {
        CabinetRegistry.SignedUp signedUp = registry.signUp(OrganizationRecord.newBuilder().setKind("LEGAL_ENTITY")
                .setIdn("180340021791").setName("ТОО Экспорт").setEmail("owner@export.bench").setPhone("+77010000000")
                .build(),
            UserRecord.newBuilder().setIin("880101300123").setEmail("owner@export.bench").setPhone("+77010000000")
                .setFullName("Владелец").setRole("ADMIN")
                .setPasswordHash(new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), new SecureRandom()).hash(PASSWORD))
                .build());
        long org = signedUp.organization().getId();
        TradePointRecord point = registry.tradePoints().create(TradePointRecord.newBuilder().setOrganizationId(org)
            .setName("Магазин").build());
        return registry.kkms().create(KkmRecord.newBuilder().setOrganizationId(org).setName("Касса 1")
            .setModelCode("BENCH").setSerialNumber("SN-EXPORT").setTradePointId(point.getId())
            .setStatus(KkmLifecycleStatus.REGISTERED.name()).setOfdId(OFD_ID).setRnm("620300144467").build()).getId();
    }

    private static String login(HttpClient http, String base) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sessions/password"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("login", "owner@export.bench")
                .put("password", PASSWORD).encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("login answered " + r.statusCode() + ": " + r.body());
        }
        return "Bearer " + new JsonObject(r.body()).getString("token");
    }

    /** Downloads while a sampler watches the heap; checks the row count; prints the line of the result table. */
    private static Result download(HttpClient http, String url, String bearer, String kind, int receipts,
                                   java.io.PrintStream out) throws Exception {
        System.gc();
        HeapSampler heap = new HeapSampler();
        heap.start();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("authorization", bearer)
            .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(kind + " answered " + r.statusCode() + ": "
                + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        Counted counted;
        try (CountingStream in = new CountingStream(r.body())) {
            counted = "csv".equals(kind) ? csvRows(in) : xlsxRows(in);
            counted = new Counted(counted.rows(), counted.sheets(), in.count);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        heap.finish();
        long dataRows = counted.rows() - counted.sheets();   // each sheet (the CSV: the file) has a title row
        if (dataRows != receipts) {
            throw new IllegalStateException(kind + ": " + dataRows + " receipts downloaded, " + receipts + " written");
        }
        out.printf("%-4s %,d receipts, %d sheet(s), %,d bytes in %.1f s = %,.0f receipts/s; heap after GC max %d MiB,"
                + " heap in use max %d MiB, %d collections%n", kind, dataRows, counted.sheets(), counted.bytes(), seconds,
            dataRows / seconds, heap.maxAfterGc >> 20, heap.maxUsed >> 20, heap.collections());
        return new Result(kind, dataRows, counted.sheets(), counted.bytes(), seconds, heap.maxAfterGc >> 20,
            heap.maxUsed >> 20);
    }

    private record Counted(long rows, int sheets, long bytes) {
    }

    private static Counted csvRows(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long lines = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
        return new Counted(lines, 1, 0);
    }

    /** Counts {@code <row>} elements in the worksheets as the zip streams by. */
    private static Counted xlsxRows(InputStream in) throws IOException {
        byte[] pattern = "<row>".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[64 * 1024];
        long rows = 0;
        int sheets = 0;
        try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.getName().startsWith("xl/worksheets/")) {
                    continue;
                }
                sheets++;
                int matched = 0;
                for (int n = zip.read(buffer); n >= 0; n = zip.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        matched = buffer[i] == pattern[matched] ? matched + 1 : buffer[i] == pattern[0] ? 1 : 0;
                        if (matched == pattern.length) {
                            rows++;
                            matched = 0;
                        }
                    }
                }
            }
            zip.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new Counted(rows, sheets, 0);
    }

    /** Counts the bytes read. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }
    }

    /** Samples the heap every 20 ms: in use, and in use after the last collection of each heap pool. */
    private static final class HeapSampler extends Thread {
        private final long collectionsBefore = collectionCount();
        private volatile boolean running = true;
        long maxUsed;
        long maxAfterGc;

        HeapSampler() {
            super("export-bench-heap");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                long afterGc = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                        MemoryUsage collected = pool.getCollectionUsage();
                        afterGc += collected == null ? 0 : collected.getUsed();
                    }
                }
                maxUsed = Math.max(maxUsed, used);
                maxAfterGc = Math.max(maxAfterGc, afterGc);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join();
        }

        long collections() {
            return collectionCount() - collectionsBefore;
        }

        private static long collectionCount() {
            long n = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                n += Math.max(0, gc.getCollectionCount());
            }
            return n;
        }
    }
}
