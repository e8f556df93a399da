package kz.ofd.benchmarks;

import kz.ofd.engine.logic.TicketAnswerBenchmark;
import kz.ofd.protocol.codec.ParsedRequest;
import kz.ofd.protocol.frame.KkmFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs each JMH benchmark's setup, one invocation of each measured method and the teardown directly (not through
 * JMH), so a benchmark broken by a change elsewhere fails the build instead of the next {@code ./ofd jmh}. Nothing
 * here measures anything; the benchmarks that write to disk must leave nothing behind.
 */
final class JmhBenchmarksSmokeTest {

    @Test
    void frameCodecDecodesAndEncodes() {
        FrameCodecBenchmark b = new FrameCodecBenchmark();
        b.items = 30;
        b.setUp();
        try {
            KkmFrame viaCodec = b.decodeCodec();
            KkmFrame viaChannel = b.decodeChannel();
            assertEquals(viaCodec.header(), viaChannel.header());
            assertTrue(viaCodec.body().length > 30 * 10, "a 30-item ticket body");
            assertTrue(b.encodeCodec() > 18);
            assertEquals(b.encodeCodec(), b.encodeChannel());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void requestDecodeParsesAndValidates() {
        RequestDecodeBenchmark b = new RequestDecodeBenchmark();
        b.items = 10;
        b.setUp();
        try {
            ParsedRequest whole = b.decodeParseValidate();
            assertEquals(10, whole.request().getTicket().getItemsCount());
            assertEquals(whole.request(), b.parse().request());
            assertNull(b.validate());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void ticketAnswerBuildsQrAndAnswer() {
        TicketAnswerBenchmark b = new TicketAnswerBenchmark();
        b.items = 10;
        b.setUp();
        String qr = b.qrContent();
        assertTrue(qr.startsWith("http://check.bench?i=1000000001&f=620300144467&s="), qr);
        assertTrue(b.ticketAnswer().length > qr.length(), "the answer carries the QR content");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void journalAppendsBatchesAndCleansUp() {
        JournalAppendBenchmark bench = new JournalAppendBenchmark();
        JournalAppendBenchmark.Async async = new JournalAppendBenchmark.Async();
        async.batch = 64;
        JournalAppendBenchmark.Sync sync = new JournalAppendBenchmark.Sync();
        sync.batch = 64;
        for (JournalAppendBenchmark.JournalState s : new JournalAppendBenchmark.JournalState[] {async, sync}) {
            s.setUpTrial();
            s.open();
            long first = s == async ? bench.appendAsync(async) : bench.appendSync(sync);
            long second = s == async ? bench.appendAsync(async) : bench.appendSync(sync);
            assertTrue(first >= 0 && second > first, first + " then " + second);
            s.close();
            s.tearDownTrial();
            assertFalse(Files.exists(s.root), "left behind: " + s.root);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void indexWritesBatchesAndCleansUp() {
        IndexWriteBenchmark b = new IndexWriteBenchmark();
        b.batch = 64;
        b.setUpTrial();
        b.open();
        assertEquals(64, b.writeBatch());
        assertEquals(128, b.writeBatch());
        b.close();
        b.tearDownTrial();
        assertFalse(Files.exists(b.root), "left behind: " + b.root);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pipelineAnswersEveryRequestAndCleansUp() {
        PipelineBenchmark b = new PipelineBenchmark();
        b.setUpTrial();
        b.start();
        try {
            assertEquals(0, b.inFlight1());
            assertEquals(PipelineBenchmark.KKMS, b.inFlight64());
            assertEquals(PipelineBenchmark.KKMS, b.inFlight64());   // the rotated tokens were taken up
        } finally {
            b.stop();
            b.tearDownTrial();
        }
        assertNotNull(b.root);
        assertFalse(Files.exists(b.root), "left behind: " + b.root);
    }
}
