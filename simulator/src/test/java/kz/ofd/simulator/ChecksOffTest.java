package kz.ofd.simulator;

import com.google.protobuf.ByteString;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Response;
import kz.ofd.protocol.proto.Result;
import kz.ofd.protocol.proto.TicketResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --checks off} against a server that answers every frame with the same fixed frame. */
class ChecksOffTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();

    private static byte[] okTicket() {
        return Response.newBuilder().setCommand(CommandTypeEnum.COMMAND_TICKET)
            .setResult(Result.newBuilder().setResultCode(0))
            .setTicket(TicketResponse.newBuilder().setTicketNumber("1")
                .setQrCode(ByteString.copyFromUtf8("http://q")))
            .build().toByteArray();
    }

    private int run(FixedAnswerServer server, String checks) throws IOException {
        Path kkms = Files.writeString(dir.resolve("kkms.txt"), "5000001 11\n5000002 12\n");
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        return SimulatorMain.run(new String[] {"--target", "127.0.0.1:" + server.port(), "--kkm-file", kkms.toString(),
            "--duration", "500ms", "--checks", checks, "--close-shift-every", "3",
            "--json", dir.resolve("s.json").toString()}, out, out);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private static long jsonLong(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), field + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldOnlyCountAnswersByResultCodeWithChecksOff() throws IOException {
        try (FixedAnswerServer server = new FixedAnswerServer(okTicket())) {
            assertEquals(0, run(server, "off"), out());
            String json = Files.readString(dir.resolve("s.json"));
            long requests = jsonLong(json, "requests");
            assertTrue(requests > 10, json);
            assertEquals(0, jsonLong(json, "errors_total"), json);
            assertTrue(json.contains("{\"code\": 0, \"name\": \"OK\", \"count\": " + requests + "}"), json);
            assertEquals(0, jsonLong(json, "unparsed_answers"), json);
            assertTrue(json.contains("\"checks\": false"), json);
            // Shift closes and reports go out as to a real server, although every answer says TICKET.
            assertTrue(json.contains("\"CLOSE_SHIFT\": "), json);
            assertTrue(out().contains("checks off"), out());
        }
    }

    @Test
    void shouldCountAnswersThatAreNotResponsesAsUnparsedWithChecksOff() throws IOException {
        try (FixedAnswerServer server = new FixedAnswerServer(new byte[] {(byte) 0xFF, 0x01, 0x02})) {
            assertEquals(0, run(server, "off"), out());
            String json = Files.readString(dir.resolve("s.json"));
            long requests = jsonLong(json, "requests");
            assertTrue(requests > 0, json);
            assertEquals(requests, jsonLong(json, "unparsed_answers"), json);
            assertTrue(out().contains("unparsed: " + requests), out());
        }
    }

    @Test
    void shouldFlagTheSameFixedAnswersWithChecksOn() throws IOException {
        try (FixedAnswerServer server = new FixedAnswerServer(okTicket())) {
            assertEquals(1, run(server, "on"), out());
            String json = Files.readString(dir.resolve("s.json"));
            assertTrue(jsonLong(json, "header-mismatch") > 0, json);
            assertTrue(jsonLong(json, "duplicate-fiscal-sign") > 0, json);
        }
    }

    @Test
    void shouldRejectABadChecksValue() {
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        assertEquals(2, SimulatorMain.run(new String[] {"--target", "127.0.0.1:1", "--kkm-file", "k", "--checks", "maybe"},
            out, out));
        assertTrue(out().contains("bad --checks 'maybe': use on or off"), out());
    }
}
