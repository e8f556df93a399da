package kz.ofd.engine.launcher;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import kz.ofd.engine.logic.LogicSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code ./ofd} entry point for the engine's subcommands: {@code server} and {@code kkm add}.
 * Exit codes: 0 success, 1 refused or failed, 2 usage error, 3 the server stopped after a journal write failure,
 * 4 a graceful stop was forced (a second SIGTERM/SIGINT, or longer than {@code ofd.shutdown.timeout.seconds}).
 */
public final class Main {

    static final String USAGE = String.join("\n",
        "usage: ofd <command> [options]",
        "",
        "commands:",
        "  server     run the OFD server in the foreground until SIGTERM/SIGINT",
        "  kkm add    register a KKM on a running server through its management port",
        "  kkm block  block a KKM server-side (it gets BLOCKED with the reason); kkm unblock lifts it",
        "  simulate   run virtual KKMs against a server (see: ofd simulate --help)",
        "  conformance  check a server against the protocol rules, one scenario per rule (see: ofd conformance --help)",
        "  verify     check a stopped server's journal, index and snapshots against each other (exit 1 on a mismatch)",
        "  export     write the documents of a time range, unchanged, to a portable archive file",
        "  import     replay an archive into an empty data directory (journal and index)",
        "  demo       build, start a server under ./data, provision KKMs, simulate ~20 s, print the summary, stop",
        "",
        "Every command takes --help.");

    static final String SERVER_USAGE = String.join("\n",
        "usage: ofd server [--data DIR] [--port 7777] [--http-port 8080] [--config FILE]",
        "",
        "  --data DIR        data directory: journal, index, lock (default: data)",
        "  --port N          KKM protocol port (default: 7777; 0 = any free port)",
        "  --http-port N     management HTTP port, bound to 127.0.0.1 (default: 8080; 0 = any free port)",
        "  --config FILE     properties file with further options (see docs/operations.md)",
        "",
        "Command-line options win over the file, the file over -D system properties.");

    static final String KKM_ADD_USAGE = String.join("\n",
        "usage: ofd kkm add --id ID --token TOKEN --rnm RNM --serial SERIAL --model MODEL --bin BIN",
        "                   --org NAME --address ADDRESS [--point NAME] [--server http://127.0.0.1:8080]",
        "",
        "  --id        OFD id of the KKM (1..4294967295), the ID in every frame header",
        "  --token     first exchange token (1..4294967295) the KKM is configured with",
        "  --rnm       12-digit KGD registration number",
        "  --serial    factory (serial) number",
        "  --model     KKM model",
        "  --bin       owner's IIN/BIN, 12 digits with a valid check digit",
        "  --org       owner's name",
        "  --address   trade point address",
        "  --point     trade point name (default: Касса 1)",
        "  --server    management URL of the running server (default: http://127.0.0.1:8080)");

    static final String KKM_BLOCK_USAGE = String.join("\n",
        "usage: ofd kkm block --id ID --reason TEXT [--server http://127.0.0.1:8080]",
        "       ofd kkm unblock --id ID [--server http://127.0.0.1:8080]",
        "",
        "  --id        OFD id of the KKM",
        "  --reason    what the register shows the cashier while blocked (e.g. the unpaid tariff)",
        "  --server    management URL of the running server (default: http://127.0.0.1:8080)");

    static final String VERIFY_USAGE = String.join("\n",
        "usage: ofd verify [--data DIR]",
        "",
        "  --data DIR   data directory of a stopped server (default: data)",
        "",
        "Replays the journal and checks: every record decodes and applies; fiscal signs are issued once each, in",
        "order; each KKM's documents chain by token and shift; every journaled document is indexed exactly once with",
        "the right entry, and every X report and Z in the reports, and the index holds nothing else; every snapshot",
        "equals the replayed state at its position.",
        "Changes nothing. Exit 0 when all holds, 1 listing the first problems, 2 on a usage error.");

    static final String EXPORT_USAGE = String.join("\n",
        "usage: ofd export --out FILE [--data DIR] [--from DATE] [--to DATE]",
        "",
        "  --out FILE   archive to write (replaced atomically)",
        "  --data DIR   data directory of a stopped server (default: data)",
        "  --from DATE  first receive time included: 2026-11-01 (00:00 Kazakhstan time) or 2026-11-01T09:30+05:00",
        "  --to DATE    first receive time excluded, same forms (default: no end)",
        "",
        "Writes the journal records of the documents received in the range, exactly as journaled (the request bytes",
        "as received, fiscal sign, tokens, receive time, the answer sent), plus every KKM registration and block.");

    static final String IMPORT_USAGE = String.join("\n",
        "usage: ofd import --in FILE --data DIR",
        "",
        "  --in FILE    an archive written by ofd export",
        "  --data DIR   an empty (or absent) data directory",
        "",
        "Checks the whole archive (CRC32C, record count, every record), then writes it as the journal of DIR and",
        "builds the index from it. A server started on DIR then serves lookups of those documents.");

    /** Exit status after a journal write failure (fail fast; a supervisor restarts the server). */
    static final int JOURNAL_FAILED_EXIT = 3;
    /** Exit status when a graceful stop was forced: a second stop signal, or longer than the shutdown timeout. */
    static final int SHUTDOWN_TIMEOUT_EXIT = 4;

    private Main() {
    }

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        int code = run(Arrays.asList(args), System.out, System.err, true);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs a subcommand.
     *
     * @param args     command line
     * @param out      standard output
     * @param err      standard error
     * @param blocking whether {@code server} waits for a signal (false in tests: it starts and returns)
     * @return the exit code
     */
    static int run(List<String> args, PrintStream out, PrintStream err, boolean blocking) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            out.println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        try {
            switch (args.get(0)) {
                case "server":
                    return server(args.subList(1, args.size()), out, err, blocking);
                case "verify":
                    return verify(args.subList(1, args.size()), out, err);
                case "export":
                    return export(args.subList(1, args.size()), out, err);
                case "import":
                    return importArchive(args.subList(1, args.size()), out, err);
                case "kkm":
                    if (args.size() >= 2 && args.get(1).equals("add")) {
                        return kkmAdd(args.subList(2, args.size()), out, err);
                    }
                    if (args.size() >= 2 && (args.get(1).equals("block") || args.get(1).equals("unblock"))) {
                        return kkmBlock(args.get(1).equals("block"), args.subList(2, args.size()), out, err);
                    }
                    err.println("ofd kkm: expected 'add', 'block' or 'unblock'\n\n" + KKM_ADD_USAGE + "\n\n" + KKM_BLOCK_USAGE);
                    return 2;
                default:
                    err.println("ofd: unknown command '" + args.get(0) + "'\n\n" + USAGE);
                    return 2;
            }
        } catch (IllegalArgumentException e) {
            err.println("ofd " + args.get(0) + ": " + e.getMessage());
            err.println("run 'ofd " + args.get(0) + " --help' for usage");
            return 2;
        }
    }

    private static int server(List<String> args, PrintStream out, PrintStream err, boolean blocking) {
        CommandLine cl = CommandLine.parse(args, Set.of("data", "port", "http-port", "config"));
        if (cl.help()) {
            out.println(SERVER_USAGE);
            return 0;
        }
        ServerConfiguration config = new ServerConfiguration().apply(System.getProperties());
        try {
            if (cl.get("config") != null) {
                config.applyFile(Path.of(cl.get("config")));
            }
        } catch (IOException e) {
            err.println("ofd server: cannot read config file " + cl.get("config") + ": " + e.getMessage());
            return 2;
        }
        if (cl.get("data") != null) {
            config.dataDir(Path.of(cl.get("data")));
        }
        if (cl.get("port") != null) {
            config.kkmPort((int) cl.requireLong("port"));
        }
        if (cl.get("http-port") != null) {
            config.httpPort((int) cl.requireLong("http-port"));
        }
        config.conclude();
        OfdServer server;
        try {
            // Fail fast on a journal failure: answers already refused with 254, the process exits with status 3
            // (shutdown hooks close the server cleanly) and its supervisor restarts it; the restart replays the
            // journal, so the state is exact again. In-process runs (tests) stay up refusing with 254 instead.
            Runnable exit = blocking ? () -> new Thread(() -> System.exit(JOURNAL_FAILED_EXIT), "ofd-fail-fast").start()
                : () -> { };
            server = OfdServer.start(config, System::currentTimeMillis, StorageSeam.NONE, exit);
        } catch (Exception e) {
            err.println("ofd server: failed to start: " + e.getMessage());
            return 1;
        }
        // Scripts parse the prefix up to the parenthesis: the cabinet goes after it.
        out.printf("ofd server listening: kkm port %d, http port %d (transport %s, durability %s, data %s), %s, %s%n",
            server.kkmPort(), server.httpPort(), server.transport(), config.durability(), config.dataDir(),
            server.cabinetPort() < 0 ? "cabinet off" : "cabinet port " + server.cabinetPort(),
            server.checkPort() < 0 ? "check off" : "check port " + server.checkPort());
        out.flush();
        if (!blocking) {
            server.close();
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ShutdownWatchdog watchdog = new ShutdownWatchdog(Duration.ofSeconds(config.shutdownTimeoutSeconds()),
                () -> Runtime.getRuntime().halt(SHUTDOWN_TIMEOUT_EXIT));
            watchdog.start();
            try {
                server.close();
            } finally {
                watchdog.cancel();
                stopped.countDown();
            }
        }, "ofd-shutdown"));
        new StopSignals(() -> new Thread(() -> System.exit(0), "ofd-stop").start(),
            () -> Runtime.getRuntime().halt(SHUTDOWN_TIMEOUT_EXIT)).install();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int verify(List<String> args, PrintStream out, PrintStream err) {
        CommandLine cl = CommandLine.parse(args, Set.of("data"));
        if (cl.help()) {
            out.println(VERIFY_USAGE);
            return 0;
        }
        Path data = Path.of(cl.get("data") == null ? ServerConfiguration.DATA_DIR_DEFAULT : cl.get("data"));
        if (!java.nio.file.Files.isDirectory(data.resolve("journal"))) {
            err.println("ofd verify: " + data + " has no journal/ directory: not an OFD data directory");
            return 2;
        }
        Verifier.Result result;
        try {
            result = Verifier.run(data, out);
        } catch (IllegalStateException e) {
            err.println("ofd verify: " + e.getMessage() + "; stop the server first");
            return 1;
        }
        if (result.ok()) {
            out.println("ofd verify: OK");
            return 0;
        }
        for (String problem : result.problems()) {
            err.println("MISMATCH " + problem);
        }
        err.printf("ofd verify: %d problem(s)%s%n", result.total(),
            result.total() > result.problems().size() ? ", the first " + result.problems().size() + " listed" : "");
        return 1;
    }

    private static int export(List<String> args, PrintStream out, PrintStream err) {
        CommandLine cl = CommandLine.parse(args, Set.of("data", "out", "from", "to"));
        if (cl.help()) {
            out.println(EXPORT_USAGE);
            return 0;
        }
        if (cl.get("out") == null) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        Path data = Path.of(cl.get("data") == null ? ServerConfiguration.DATA_DIR_DEFAULT : cl.get("data"));
        if (!java.nio.file.Files.isDirectory(data.resolve("journal"))) {
            err.println("ofd export: " + data + " has no journal/ directory: not an OFD data directory");
            return 2;
        }
        long from = cl.get("from") == null ? Long.MIN_VALUE : instant(cl.get("from"), "--from");
        long to = cl.get("to") == null ? Long.MAX_VALUE : instant(cl.get("to"), "--to");
        try {
            Archive.Counts c = Archive.export(data, Path.of(cl.get("out")), from, to);
            out.printf("ofd export: %d records (%d documents) written to %s%n", c.records(), c.documents(), cl.get("out"));
            return 0;
        } catch (IllegalStateException e) {
            err.println("ofd export: " + e.getMessage());
            return 1;
        }
    }

    private static int importArchive(List<String> args, PrintStream out, PrintStream err) {
        CommandLine cl = CommandLine.parse(args, Set.of("data", "in"));
        if (cl.help()) {
            out.println(IMPORT_USAGE);
            return 0;
        }
        if (cl.get("in") == null || cl.get("data") == null) {
            throw new IllegalArgumentException("--in FILE and --data DIR are required");
        }
        try {
            Archive.Counts c = Archive.importInto(Path.of(cl.get("in")), Path.of(cl.get("data")));
            out.printf("ofd import: %d records (%d documents) journaled and indexed in %s%n", c.records(), c.documents(),
                cl.get("data"));
            return 0;
        } catch (IllegalStateException e) {
            err.println("ofd import: " + e.getMessage());
            return 1;
        }
    }

    /** A date (midnight, Kazakhstan time) or an ISO date-time with offset, as epoch milliseconds. */
    private static long instant(String value, String option) {
        try {
            if (value.length() == 10) {
                return java.time.LocalDate.parse(value).atStartOfDay(LogicSettings.KAZAKHSTAN).toInstant().toEpochMilli();
            }
            return java.time.OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a date (2026-11-01) or a date-time with offset "
                + "(2026-11-01T09:30+05:00), got '" + value + "'", e);
        }
    }

    private static int kkmAdd(List<String> args, PrintStream out, PrintStream err) {
        CommandLine cl = CommandLine.parse(args,
            Set.of("server", "id", "token", "rnm", "serial", "model", "bin", "org", "address", "point"));
        if (cl.help()) {
            out.println(KKM_ADD_USAGE);
            return 0;
        }
        JsonObject body = new JsonObject()
            .put("id", cl.requireLong("id"))
            .put("token", cl.requireLong("token"))
            .put("rnm", cl.require("rnm"))
            .put("serial", cl.require("serial"))
            .put("model", cl.require("model"))
            .put("bin", cl.require("bin"))
            .put("org", cl.require("org"))
            .put("address", cl.require("address"));
        if (cl.get("point") != null) {
            body.put("point", cl.get("point"));
        }
        return post("kkm add", cl.get("server", "http://127.0.0.1:8080"), "/api/kkms", body, 201,
            "registered KKM id " + cl.get("id") + " (RNM " + cl.get("rnm") + ")", out, err);
    }

    private static int kkmBlock(boolean block, List<String> args, PrintStream out, PrintStream err) {
        CommandLine cl = CommandLine.parse(args, block ? Set.of("server", "id", "reason") : Set.of("server", "id"));
        if (cl.help()) {
            out.println(KKM_BLOCK_USAGE);
            return 0;
        }
        long id = cl.requireLong("id");
        JsonObject body = block ? new JsonObject().put("reason", cl.require("reason")) : new JsonObject();
        String command = block ? "block" : "unblock";
        return post("kkm " + command, cl.get("server", "http://127.0.0.1:8080"), "/api/kkms/" + id + "/" + command, body,
            200, (block ? "blocked" : "unblocked") + " KKM id " + id, out, err);
    }

    private static int post(String command, String server, String path, JsonObject body, int expected, String success,
                            PrintStream out, PrintStream err) {
        HttpResponse<String> response;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            response = client.send(HttpRequest.newBuilder(URI.create(stripSlash(server) + path))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            err.println("ofd " + command + ": cannot reach the server at " + server + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (response.statusCode() == expected) {
            out.println(success);
            return 0;
        }
        err.println("ofd " + command + ": refused (HTTP " + response.statusCode() + "): " + problemDetail(response.body()));
        return 1;
    }

    private static String problemDetail(String body) {
        try {
            JsonObject problem = new JsonObject(body);
            Object errors = problem.getValue("errors");
            return problem.getString("detail", body) + (errors != null ? " " + errors : "");
        } catch (DecodeException | ClassCastException e) {
            return body;
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
