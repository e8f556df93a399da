package kz.ofd.engine.launcher;

import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.logic.Answer;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.KkmDetails;
import kz.ofd.engine.logic.LogicFixture;
import kz.ofd.protocol.codec.MoneyCodec;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.ReportTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.TicketRequest;
import kz.ofd.protocol.testing.Requests;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.journal.Journal;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery replays the journal into a fresh business logic and brings the index up to the journal.
 */
final class RecoveryTest {

    private static final long A = 11;
    private static final long B = 22;
    private static final long TOKEN_A = 100;
    private static final long TOKEN_B = 200;

    @TempDir
    Path dir;

    private final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(256);
    private final LogicFixture live = new LogicFixture();
    private final List<Long> documentIndexes = new ArrayList<>();

    @Test
    void shouldRebuildStateAndIndexEveryDocument() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            writeADay(journal);
            BusinessLogic recovered = LogicFixture.freshLogic();

            Recovery.Report report = Recovery.run(journal, index, recovered);

            assertEquals(2 + live.accepted().size(), report.records());
            assertEquals(live.accepted().size(), report.indexed());
            assertEquals(DocumentIndex.NO_CHECKPOINT, report.checkpointFound());
            assertEquals(journal.lastIndex(), index.checkpoint(), "checkpoint = last journal entry");
            assertSameState(live.logic(), recovered);
            for (int i = 0; i < live.accepted().size(); i++) {
                LogicFixture.Accepted d = live.accepted().get(i);
                if (d.fiscalSign() == 0) {
                    continue;
                }
                Optional<DocumentEntry> entry = index.findBySign(d.fiscalSign());
                assertTrue(entry.isPresent(), "sign " + d.fiscalSign() + " indexed");
                TicketRequest ticket = Request.parseFrom(d.request()).getTicket();
                assertEquals(new DocumentEntry(d.fiscalSign(), d.header().kkmId(), d.shiftNumber(), d.command(),
                    documentIndexes.get(i), LogicFixture.RECEIVED_AT + i, false, ticket.getOperation().getNumber(),
                    MoneyCodec.toTiyn(ticket.getAmounts().getTotal()), 0), entry.get());
            }
            assertEquals(3, index.findByKkmShift(A, 1).size(), "deposit, ticket, close of A's shift 1");
            assertEquals(1, index.findByKkmShift(A, 2).size());
            assertEquals(2, index.findByKkmShift(B, 1).size());
        }
    }

    @Test
    void shouldIndexNothingAgainOnAReopenedIndex() {
        try (Journal journal = Journal.open(dir.resolve("journal"))) {
            writeADay(journal);
            try (DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
                Recovery.run(journal, index, LogicFixture.freshLogic());
            }
            try (DocumentIndex reopened = DocumentIndex.open(dir.resolve("index"))) {
                BusinessLogic again = LogicFixture.freshLogic();

                Recovery.Report report = Recovery.run(journal, reopened, again);

                assertEquals(0, report.indexed(), "everything was indexed already");
                assertEquals(journal.lastIndex(), report.checkpointFound());
                assertEquals(journal.lastIndex(), reopened.checkpoint());
                assertEquals(2 + live.accepted().size(), report.records(), "the journal is still replayed in full");
                assertSameState(live.logic(), again);
            }
        }
    }

    @Test
    void shouldIndexOnlyTheDocumentsAfterTheCheckpoint() {
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            writeADay(journal);
            long checkpoint = documentIndexes.get(2);
            index.write(List.of(), checkpoint);

            Recovery.Report report = Recovery.run(journal, index, LogicFixture.freshLogic());

            assertEquals(live.accepted().size() - 3, report.indexed());
            assertEquals(checkpoint, report.checkpointFound());
            assertEquals(journal.lastIndex(), index.checkpoint());
            long firstSign = live.accepted().get(1).fiscalSign();
            assertTrue(index.findBySign(firstSign).isEmpty(), "documents up to the checkpoint are not re-indexed");
            long lastSign = live.accepted().get(live.accepted().size() - 1).fiscalSign();
            assertTrue(index.findBySign(lastSign).isPresent());
        }
    }

    @Test
    void shouldIndexMoreDocumentsThanOneBatchHolds() {
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            LogicFixture.Kkm a = live.register(A, TOKEN_A);
            appendRegistration(journal, A, TOKEN_A);
            Request ticket = Requests.ticket(100);
            for (int i = 0; i < 10_003; i++) {
                a.ok(ticket);
            }
            appendDocuments(journal);

            Recovery.Report report = Recovery.run(journal, index, LogicFixture.freshLogic());

            assertEquals(10_003, report.indexed());
            assertEquals(journal.lastIndex(), index.checkpoint());
            for (int i : new int[] {0, 9_999, 10_000, 10_002}) {
                LogicFixture.Accepted d = live.accepted().get(i);
                assertEquals(documentIndexes.get(i), index.findBySign(d.fiscalSign()).orElseThrow().journalIndex(),
                    "document " + i);
            }
            assertEquals(10_003, index.findByKkmShift(A, 1).size());
        }
    }

    @Test
    void shouldRecoverAnEmptyJournal() {
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            BusinessLogic logic = LogicFixture.freshLogic();

            Recovery.Report report = Recovery.run(journal, index, logic);

            assertEquals(0, report.records());
            assertEquals(0, report.indexed());
            assertEquals(DocumentIndex.NO_CHECKPOINT, index.checkpoint());
            assertEquals(0, logic.kkmCount());
        }
    }

    @Test
    void shouldRefuseAnIndexWhoseCheckpointIsBeyondTheJournal() {
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            writeADay(journal);
            index.write(List.of(), journal.lastIndex() + 1);

            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Recovery.run(journal, index, LogicFixture.freshLogic()));

            assertTrue(e.getMessage().contains("delete data/index"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAJournalThatRegistersAKkmTwice() {
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            appendRegistration(journal, A, TOKEN_A);
            appendRegistration(journal, A, TOKEN_A);

            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Recovery.run(journal, index, LogicFixture.freshLogic()));

            assertTrue(e.getMessage().contains("registers KKM " + A + " a second time"), e.getMessage());
        }
    }

    @Test
    void shouldReplayAReregistrationAndRefuseOneOfAnUnknownKkm() {
        try (Journal journal = Journal.open(dir.resolve("journal"));
             DocumentIndex index = DocumentIndex.open(dir.resolve("index"))) {
            appendRegistration(journal, A, TOKEN_A);
            KkmDetails moved = new KkmDetails("ЗН-2", "М", "180340021791", "ТОО «Жаңа»", "г. Алматы, пр. Абая 1", "Касса 2");
            journal.append(buf, 0, OutcomeCodec.encodeRegistrationUpdate(buf, 1_000, A, moved));
            BusinessLogic logic = LogicFixture.freshLogic();

            Recovery.run(journal, index, logic);

            assertEquals(moved, logic.kkm(A).registration().details());
            assertEquals(TOKEN_A, logic.kkm(A).token(), "the token stays");
            journal.append(buf, 0, OutcomeCodec.encodeRegistrationUpdate(buf, 2_000, B, moved));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Recovery.run(journal, index, LogicFixture.freshLogic()));
            assertTrue(e.getMessage().contains("re-registers unknown KKM " + B), e.getMessage());
        }
    }

    private void writeADay(Journal journal) {
        LogicFixture.Kkm a = live.register(A, TOKEN_A);
        appendRegistration(journal, A, TOKEN_A);
        LogicFixture.Kkm b = live.register(B, TOKEN_B);
        appendRegistration(journal, B, TOKEN_B);
        a.ok(Requests.moneyPlacement(true, 10_000));
        a.ok(Requests.ticket(2_500));
        b.ok(Requests.ticket(7_000));
        a.ok(Requests.closeShift());
        b.ok(Requests.ticket(100));
        a.ok(Requests.ticket(300));
        appendDocuments(journal);
    }

    private void appendDocuments(Journal journal) {
        for (int i = 0; i < live.accepted().size(); i++) {
            LogicFixture.Accepted d = live.accepted().get(i);
            int length = OutcomeCodec.encodeDocument(buf, LogicFixture.RECEIVED_AT + i, d.header(), d.command(),
                d.newToken(), d.fiscalSign(), d.shiftNumber(), d.request(), d.answer());
            documentIndexes.add(journal.append(buf, 0, length));
        }
    }

    private void appendRegistration(Journal journal, long id, long token) {
        int length = OutcomeCodec.encodeRegistration(buf, LogicFixture.RECEIVED_AT, LogicFixture.registration(id, token));
        journal.append(buf, 0, length);
    }

    private static void assertSameState(BusinessLogic expected, BusinessLogic actual) {
        assertEquals(expected.kkmCount(), actual.kkmCount());
        assertEquals(expected.lastFiscalSign(), actual.lastFiscalSign());
        for (long id : new long[] {A, B}) {
            long token = expected.kkm(id).token();
            assertEquals(token, actual.kkm(id).token());
            assertEquals(expected.kkm(id).shift().shiftNumber(), actual.kkm(id).shift().shiftNumber());
            for (ReportTypeEnum type : ReportTypeEnum.values()) {
                Request report = LogicFixture.report(type);
                assertArrayEquals(ask(expected, id, token, report).body(), ask(actual, id, token, report).body(),
                    "REPORT " + type + " of KKM " + id);
            }
        }
    }

    private static Answer ask(BusinessLogic logic, long id, long token, Request request) {
        byte[] body = request.toByteArray();
        Answer answer = new Answer();
        logic.onRequest(FrameHeader.of(LogicFixture.VERSION, body.length, id, token, 9_999),
            request.getCommand().getNumber(), request, null, LogicFixture.RECEIVED_AT, answer);
        assertEquals(0, answer.resultCode());
        return answer;
    }
}
