package kz.ofd.engine.launcher;

import kz.ofd.engine.journal.Outcome;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.engine.logic.BusinessLogic;
import kz.ofd.engine.logic.LogicSettings;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.journal.Journal;
import kz.ofd.storage.lock.DataDirectoryLock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * {@code ofd export} and {@code ofd import}: documents of a time range in a portable file, and that file replayed
 * into an empty data directory. The file carries journal records unchanged (the layout {@link OutcomeCodec}
 * documents: request bytes exactly as received, fiscal sign, tokens, receive time, the answer sent), so an
 * archive is the legal "unchanged form" of the documents. Every registration and block is exported too (they are
 * few), whatever the range, so an import can always replay the documents it holds; offline periods and X reports follow
 * the range like documents.
 *
 * <pre>
 * magic "OFDEXP01" | then per record: length i32 | original journal index i64 | record bytes (big-endian)
 * | end marker: length -1 | record count i64 | CRC32C of everything before it i32
 * </pre>
 */
final class Archive {

    private static final byte[] MAGIC = "OFDEXP01".getBytes(StandardCharsets.US_ASCII);
    private static final int END = -1;

    private Archive() {
    }

    /**
     * What an export or import did.
     *
     * @param records   records written or read
     * @param documents documents among them
     */
    record Counts(long records, long documents) {
    }

    /**
     * Exports the documents received in {@code [fromMillis, toMillis)}, and every operator record, from a data
     * directory no server is using.
     *
     * @param data       data directory
     * @param file       the archive to write (replaced atomically)
     * @param fromMillis first receive time included, epoch ms
     * @param toMillis   first receive time excluded, epoch ms
     * @return what was written
     */
    static Counts export(Path data, Path file, long fromMillis, long toMillis) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long[] counts = new long[2];
        DataDirectoryLock lock = DataDirectoryLock.acquire(data);
        try (lock; Journal journal = Journal.open(data.resolve("journal"));
             OutputStream raw = Files.newOutputStream(tmp)) {
            CRC32C crc = new CRC32C();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw), crc));
            out.write(MAGIC);
            journal.replay(Journal.NO_INDEX, (journalIndex, buffer, offset, length) -> {
                Outcome outcome = OutcomeCodec.decode(buffer, offset, length);
                boolean document = outcome instanceof Outcome.DocumentAccepted;
                boolean inRange = outcome.receivedAtMillis() >= fromMillis && outcome.receivedAtMillis() < toMillis;
                boolean perKkm = outcome instanceof Outcome.OfflinePeriodReported || outcome instanceof Outcome.XReportIssued;
                if (!inRange && (document || perKkm)) {
                    return;
                }
                byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                try {
                    out.writeInt(length);
                    out.writeLong(journalIndex);
                    out.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                counts[0]++;
                if (document) {
                    counts[1]++;
                }
            });
            out.writeInt(END);
            out.writeLong(counts[0]);
            out.flush();
            int checksum = (int) crc.getValue();
            out.writeInt(checksum);
            out.flush();
            raw.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + file, e);
        }
        return new Counts(counts[0], counts[1]);
    }

    /**
     * Imports an archive into an empty data directory: checks the whole file first (magic, CRC32C, record count,
     * every record decodes), then appends the records to a new journal and builds the index from it. The new
     * journal's indexes differ from the original ones; everything else in the index is the same.
     *
     * @param file the archive
     * @param data a data directory without a journal
     * @return what was read
     * @throws IllegalStateException naming the problem when the file is damaged or the directory is not empty
     */
    static Counts importInto(Path file, Path data) {
        if (Files.exists(data.resolve("journal"))) {
            throw new IllegalStateException(data + " already has a journal; import goes into an empty data directory");
        }
        check(file);
        long[] counts = new long[2];
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(data);
        try (lock; Journal journal = Journal.open(data.resolve("journal"));
             DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            in.readFully(new byte[MAGIC.length]);
            for (int length = in.readInt(); length != END; length = in.readInt()) {
                in.readLong();
                byte[] record = new byte[length];
                in.readFully(record);
                journal.append(new UnsafeBuffer(record), 0, length);
                counts[0]++;
                if (OutcomeCodec.decode(new UnsafeBuffer(record), 0, length) instanceof Outcome.DocumentAccepted) {
                    counts[1]++;
                }
            }
            journal.sync();
            try (DocumentIndex index = DocumentIndex.open(data.resolve("index"))) {
                Recovery.run(journal, index, new BusinessLogic(new LogicSettings("http://import", "import",
                    LogicSettings.KAZAKHSTAN), previous -> previous));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + file, e);
        }
        return new Counts(counts[0], counts[1]);
    }

    /** Reads the whole archive once and checks it before anything is written. */
    private static void check(Path file) {
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalStateException(file + " is not an OFD archive (it does not start with OFDEXP01)");
            }
            long records = 0;
            for (int length = in.readInt(); length != END; length = in.readInt()) {
                if (length < 0 || length > 64 << 20) {
                    throw new IllegalStateException(file + ": record " + records + " has an impossible length " + length);
                }
                in.readLong();
                byte[] record = new byte[length];
                in.readFully(record);
                try {
                    OutcomeCodec.decode(new UnsafeBuffer(record), 0, length);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(file + ": record " + records + " cannot be decoded: " + e.getMessage(),
                        e);
                }
                records++;
            }
            long declared = in.readLong();
            int expected = (int) crc.getValue();
            int actual = new DataInputStream(raw).readInt();
            if (declared != records) {
                throw new IllegalStateException(file + " declares " + declared + " records but holds " + records);
            }
            if (actual != expected) {
                throw new IllegalStateException(file + " fails its CRC32C check");
            }
        } catch (EOFException e) {
            throw new IllegalStateException(file + " is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
