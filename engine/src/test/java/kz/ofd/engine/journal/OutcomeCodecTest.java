package kz.ofd.engine.journal;

import kz.ofd.engine.logic.KkmDetails;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.protocol.frame.FrameHeader;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Journal records round-trip through Agrona buffers, with unsigned extremes, Cyrillic text and any body size.
 */
final class OutcomeCodecTest {

    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final long RECEIVED = 1_741_320_303_123L;

    private final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(64);

    @Test
    void shouldRoundTripARegistrationWithCyrillicText() {
        KkmRegistration r = new KkmRegistration(42, 1_000, "620300144467", "ЗН-0001", "Штрих-М «Казахстан»",
            "180340021791", "ТОО «Ромашка» — Қазақстан", "г. Алматы, ул. Абая, 1/2, оф. №5", "Магазин «Әлем» 😀");

        int length = OutcomeCodec.encodeRegistration(buf, RECEIVED, r);
        Outcome decoded = OutcomeCodec.decode(buf, 0, length);

        Outcome.KkmRegistered reg = assertInstanceOf(Outcome.KkmRegistered.class, decoded);
        assertEquals(RECEIVED, reg.receivedAtMillis());
        assertEquals(r, reg.registration());
        assertEquals(10 + 8 + 7 * 4 + utf8(r.rnm(), r.serialNumber(), r.model(), r.bin(), r.orgName(), r.address(),
            r.pointName()), length, "the length covers exactly the encoded bytes");
    }

    @Test
    void shouldRoundTripARegistrationWithUnsignedExtremesAndEmptyText() {
        KkmRegistration r = new KkmRegistration(MAX_U32, MAX_U32, "", "", "", "", "", "", "");

        int length = OutcomeCodec.encodeRegistration(buf, -1, r);
        Outcome.KkmRegistered reg = (Outcome.KkmRegistered) OutcomeCodec.decode(buf, 0, length);

        assertEquals(MAX_U32, reg.registration().id());
        assertEquals(MAX_U32, reg.registration().token());
        assertEquals(r, reg.registration());
        assertEquals(-1, reg.receivedAtMillis());
    }

    @Test
    void shouldRoundTripAnXReport() {
        byte[] report = new byte[300];
        new Random(8).nextBytes(report);

        int length = OutcomeCodec.encodeXReport(buf, RECEIVED, MAX_U32, 0xFFFF, MAX_U32, report);
        Outcome.XReportIssued x = assertInstanceOf(Outcome.XReportIssued.class, OutcomeCodec.decode(buf, 0, length));

        assertEquals(RECEIVED, x.receivedAtMillis());
        assertEquals(MAX_U32, x.kkmId());
        assertEquals(0xFFFF, x.requestNumber());
        assertEquals(MAX_U32, x.shiftNumber());
        assertArrayEquals(report, x.report());
        assertEquals(OutcomeCodec.KIND_X_REPORT, buf.getByte(0));
        assertEquals(10 + 4 + 2 + 4 + 4 + report.length, length, "the length covers exactly the encoded bytes");
    }

    @Test
    void shouldRoundTripADocument() {
        FrameHeader header = FrameHeader.of(203, 5, 42, 1_000, 17);
        byte[] request = {8, 1, 18, 0, 1};
        byte[] answer = "ответ".getBytes(StandardCharsets.UTF_8);

        int length = OutcomeCodec.encodeDocument(buf, RECEIVED, header, 1, 1_001, 1_000_000_001L, 3, request, answer);
        Outcome.DocumentAccepted d = assertInstanceOf(Outcome.DocumentAccepted.class, OutcomeCodec.decode(buf, 0, length));

        assertEquals(RECEIVED, d.receivedAtMillis());
        assertEquals(header, d.header());
        assertEquals(1, d.command());
        assertEquals(1_001, d.newToken());
        assertEquals(1_000_000_001L, d.fiscalSign());
        assertEquals(3, d.shiftNumber());
        assertArrayEquals(request, d.request());
        assertArrayEquals(answer, d.answer());
        assertEquals(10 + 30 + 4 + request.length + 4 + answer.length + 8, length);
        assertEquals(0, d.parentSign());
    }

    @Test
    void shouldRoundTripADocumentWithUnsignedExtremes() {
        byte[] request = {1, 2, 3};
        FrameHeader header = FrameHeader.of(0xFFFF, request.length, MAX_U32, MAX_U32, 0xFFFF);

        int length = OutcomeCodec.encodeDocument(buf, Long.MAX_VALUE, header, 0xFFFF, MAX_U32, Long.MAX_VALUE,
            MAX_U32, request, new byte[0]);
        Outcome.DocumentAccepted d = (Outcome.DocumentAccepted) OutcomeCodec.decode(buf, 0, length);

        assertEquals(MAX_U32, d.header().kkmId());
        assertEquals(MAX_U32, d.header().token());
        assertEquals(65_535, d.header().requestNumber());
        assertEquals(0xFFFF, d.header().version());
        assertEquals(header, d.header());
        assertEquals(MAX_U32, d.newToken());
        assertEquals(0xFFFF, d.command());
        assertEquals(Long.MAX_VALUE, d.fiscalSign());
        assertEquals(MAX_U32, d.shiftNumber());
        assertEquals(Long.MAX_VALUE, d.receivedAtMillis());
        assertEquals(0, d.answer().length);
    }

    @Test
    void shouldRoundTripTheParentSignOfAReturn() {
        FrameHeader header = FrameHeader.of(203, 3, 1, 2, 3);
        int length = OutcomeCodec.encodeDocument(buf, RECEIVED, header, 1, 5, 1_000_000_009L, 2, new byte[] {1, 2, 3},
            new byte[] {4}, 1_000_000_003L);
        Outcome.DocumentAccepted d = (Outcome.DocumentAccepted) OutcomeCodec.decode(buf, 0, length);
        assertEquals(1_000_000_003L, d.parentSign());
        assertEquals(1_000_000_009L, d.fiscalSign());
    }

    @Test
    void shouldReadAFormat1DocumentWithoutItsParentSign() {
        FrameHeader header = FrameHeader.of(203, 1, 1, 2, 3);
        int length = OutcomeCodec.encodeDocument(buf, RECEIVED, header, 1, 5, 1_000_000_009L, 2, new byte[] {7},
            new byte[] {8});
        buf.putByte(1, OutcomeCodec.FORMAT_1);
        Outcome.DocumentAccepted d = (Outcome.DocumentAccepted) OutcomeCodec.decode(buf, 0, length - 8);
        assertEquals(Outcome.UNKNOWN_PARENT, d.parentSign());
        assertArrayEquals(new byte[] {8}, d.answer());
    }

    @Test
    void shouldRoundTripAnOfflinePeriod() {
        int length = OutcomeCodec.encodeOfflinePeriod(buf, RECEIVED, MAX_U32, 1_741_000_000_000L, 1_741_003_600_000L);
        assertEquals(new Outcome.OfflinePeriodReported(RECEIVED, MAX_U32, 1_741_000_000_000L, 1_741_003_600_000L),
            OutcomeCodec.decode(buf, 0, length));
        assertEquals(30, length);
    }

    @Test
    void shouldRoundTripEmptyBodies() {
        FrameHeader header = FrameHeader.of(203, 0, 1, 1, 0);

        int length = OutcomeCodec.encodeDocument(buf, 0, header, 6, 2, 0, 1, new byte[0], new byte[0]);
        Outcome.DocumentAccepted d = (Outcome.DocumentAccepted) OutcomeCodec.decode(buf, 0, length);

        assertEquals(0, d.request().length);
        assertEquals(0, d.answer().length);
        assertEquals(header, d.header());
        assertEquals(0, d.header().requestNumber());
        assertEquals(56, length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1_023, 65_536, 1 << 20})
    void shouldRoundTripLargeBodies(int size) {
        Random random = new Random(size);
        byte[] request = new byte[size];
        byte[] answer = new byte[size * 2 + 1];
        random.nextBytes(request);
        random.nextBytes(answer);
        FrameHeader header = FrameHeader.of(204, size, 9, 8, 7);

        int length = OutcomeCodec.encodeDocument(buf, RECEIVED, header, 1, 10, 20, 30, request, answer);
        Outcome.DocumentAccepted d = (Outcome.DocumentAccepted) OutcomeCodec.decode(buf, 0, length);

        assertArrayEquals(request, d.request());
        assertArrayEquals(answer, d.answer());
        assertEquals(header, d.header());
    }

    @Test
    void shouldDecodeARecordAtAnOffsetInAnotherBuffer() {
        KkmRegistration r = new KkmRegistration(5, 6, "620300144467", "ЗН", "М", "180340021791", "О", "А", "Т");
        int length = OutcomeCodec.encodeRegistration(buf, RECEIVED, r);
        byte[] copy = new byte[length + 20];
        Arrays.fill(copy, (byte) 0x5A);
        buf.getBytes(0, copy, 13, length);

        Outcome decoded = OutcomeCodec.decode(new UnsafeBuffer(copy), 13, length);

        assertEquals(new Outcome.KkmRegistered(RECEIVED, r), decoded);
    }

    @Test
    void shouldReuseABufferForRecordsOfDifferentSizes() {
        byte[] big = new byte[10_000];
        FrameHeader header = FrameHeader.of(203, big.length, 1, 2, 3);
        OutcomeCodec.encodeDocument(buf, RECEIVED, header, 1, 3, 4, 1, big, big);
        KkmRegistration r = registration();

        int length = OutcomeCodec.encodeRegistration(buf, RECEIVED, r);

        assertEquals(new Outcome.KkmRegistered(RECEIVED, r), OutcomeCodec.decode(buf, 0, length));
    }

    @Test
    void shouldLayOutTheDocumentHeaderLittleEndianAsDocumented() {
        FrameHeader header = FrameHeader.of(0x0102, 1, 0x0A0B0C0DL, 0x11121314L, 0x2122);

        int length = OutcomeCodec.encodeDocument(buf, 0x0102030405060708L, header, 0x3132, 0x41424344L,
            0x5152535455565758L, 0x61626364L, new byte[] {(byte) 0xEE}, new byte[] {(byte) 0xFF});

        ByteBuffer b = ByteBuffer.wrap(buf.byteArray(), 0, length).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(OutcomeCodec.KIND_DOCUMENT, b.get(0));
        assertEquals(OutcomeCodec.FORMAT, b.get(1));
        assertEquals(0x0102030405060708L, b.getLong(2));
        assertEquals(0x0A0B0C0D, b.getInt(10));
        assertEquals(0x0102, b.getShort(14));
        assertEquals(0x2122, b.getShort(16));
        assertEquals(0x11121314, b.getInt(18));
        assertEquals(0x41424344, b.getInt(22));
        assertEquals(0x3132, b.getShort(26));
        assertEquals(0x5152535455565758L, b.getLong(28));
        assertEquals(0x61626364, b.getInt(36));
        assertEquals(1, b.getInt(40));
        assertEquals((byte) 0xEE, b.get(44));
        assertEquals(1, b.getInt(45));
        assertEquals((byte) 0xFF, b.get(49));
        assertEquals(0, b.getLong(50), "no own parent");
        assertEquals(58, length);
    }

    @Test
    void shouldRoundTripABlockAndAnUnblock() {
        int length = OutcomeCodec.encodeBlock(buf, RECEIVED, 0xFFFF_FFFFL, "Тариф не оплачен");
        assertEquals(new Outcome.KkmBlocked(RECEIVED, 0xFFFF_FFFFL, "Тариф не оплачен"), OutcomeCodec.decode(buf, 0, length));
        length = OutcomeCodec.encodeBlock(buf, RECEIVED, 7, null);
        assertEquals(new Outcome.KkmBlocked(RECEIVED, 7, null), OutcomeCodec.decode(buf, 0, length));
    }

    @Test
    void shouldRoundTripCabinetTokenAndEventRecords() {
        int length = OutcomeCodec.encodeTokenIssued(buf, RECEIVED, MAX_U32, MAX_U32 - 1);
        assertEquals(new Outcome.KkmTokenIssued(RECEIVED, MAX_U32, MAX_U32 - 1), OutcomeCodec.decode(buf, 0, length));
        length = OutcomeCodec.encodeCabinetEvent(buf, RECEIVED, 0, "kkm=3 organization=1 status=AWAITING_REGISTRATION");
        assertEquals(new Outcome.CabinetEvent(RECEIVED, 0, "kkm=3 organization=1 status=AWAITING_REGISTRATION"),
            OutcomeCodec.decode(buf, 0, length));
    }

    @Test
    void shouldRoundTripARegistrationUpdateAsDocumented() {
        KkmDetails d = new KkmDetails("ЗН-2", "WEBKASSA 1.0", "180340021791", "ТОО «Ромашка»",
            "г. Астана, пр. Мангилик Ел 55, 13", "Касса 2");

        int length = OutcomeCodec.encodeRegistrationUpdate(buf, RECEIVED, MAX_U32, d);

        assertEquals(new Outcome.KkmRegistrationUpdated(RECEIVED, MAX_U32, d), OutcomeCodec.decode(buf, 0, length));
        ByteBuffer b = ByteBuffer.wrap(buf.byteArray(), 0, length).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(OutcomeCodec.KIND_REGISTRATION_UPDATED, b.get(0));
        assertEquals((int) MAX_U32, b.getInt(10));
        assertEquals("ЗН-2".getBytes(StandardCharsets.UTF_8).length, b.getInt(14), "then the serial, length first");
        int texts = 0;
        for (String s : new String[] {d.serialNumber(), d.model(), d.bin(), d.orgName(), d.address(), d.pointName()}) {
            texts += 4 + s.getBytes(StandardCharsets.UTF_8).length;
        }
        assertEquals(14 + texts, length);
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 9, 127, -1})
    void shouldRefuseAnUnknownKind(byte kind) {
        int length = OutcomeCodec.encodeRegistration(buf, RECEIVED, registration());
        buf.putByte(0, kind);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutcomeCodec.decode(buf, 0, length));

        assertTrue(e.getMessage().contains("kind " + kind), e.getMessage());
        assertTrue(e.getMessage().contains("unknown"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 3, -1})
    void shouldRefuseAnUnknownFormat(byte format) {
        int length = OutcomeCodec.encodeDocument(buf, RECEIVED, FrameHeader.of(203, 0, 1, 1, 1), 1, 2, 3, 1,
            new byte[0], new byte[0]);
        buf.putByte(1, format);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutcomeCodec.decode(buf, 0, length));

        assertTrue(e.getMessage().contains("format " + format), e.getMessage());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }

    private static int utf8(String... values) {
        int n = 0;
        for (String v : values) {
            n += v.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    private static KkmRegistration registration() {
        return new KkmRegistration(77, 88, "620300144467", "SN-77", "Модель", "180340021791", "ИП Иванов", "Астана",
            "Киоск");
    }
}
