package kz.ofd.benchmarks;

import kz.ofd.engine.logic.Answer;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.KkmRegistration;
import kz.ofd.engine.logic.LogicSettings;
import kz.ofd.protocol.frame.FrameHeader;
import kz.ofd.protocol.proto.CommandTypeEnum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Inputs shared by the JMH benchmarks, built the same way as {@link RequestDecodeBenchmark}'s ticket, and the
 * temporary-directory handling of the benchmarks that write to disk. Not a benchmark itself.
 */
final class Fixtures {

    /** Protocol version put in every header. */
    static final int VERSION = 203;
    /** Server receive time of every benchmark request (a fixed clock, as in {@link BusinessLogicBenchmark}). */
    static final long RECEIVED_AT = 1_763_900_000_000L;
    /** {@code COMMAND_TICKET}. */
    static final int TICKET = CommandTypeEnum.COMMAND_TICKET_VALUE;

    private Fixtures() {
    }

    static LogicSettings settings() {
        return new LogicSettings("http://check.bench", "Bench OFD", LogicSettings.KAZAKHSTAN);
    }

    static KkmRegistration registration(long id, long token) {
        return new KkmRegistration(id, token, "620300144467", "SN" + id, "Bench", "180340021791", "ТОО Бенч", "Алматы",
            "Касса");
    }

    /**
     * The answer body the real business logic sends for a ticket of {@code items} items (a realistic size for
     * records and answer frames).
     */
    static byte[] ticketAnswer(int items) {
        long[] counter = {1};
        BusinessLogic logic = new BusinessLogic(settings(), previous -> ++counter[0]);
        logic.register(registration(1, 7));
        Answer answer = new Answer();
        logic.onRequest(FrameHeader.of(VERSION, 0, 1, 7, 1), TICKET, RequestDecodeBenchmark.ticket(items), null,
            RECEIVED_AT, answer);
        if (!answer.accepted()) {
            throw new IllegalStateException("fixture ticket refused with " + answer.resultCode());
        }
        return answer.body();
    }

    /**
     * @return a new directory under {@code java.io.tmpdir}
     */
    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes a directory tree (nothing happens when it does not exist).
     */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
