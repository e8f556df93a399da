package kz.ofd.storage.snapshot;

import kz.ofd.storage.files.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Snapshot files of the business-logic state, each tied to the journal position it covers. A file is written to a
 * temporary name, forced to disk and renamed atomically ({@link AtomicFiles}), so a crash leaves either the old set
 * or the new file, never a half-written snapshot under a snapshot's name. Each file carries a CRC32C of its state;
 * a file that fails any check is reported, never trusted, and recovery falls back to an older one or to a full
 * journal replay.
 *
 * <pre>
 * snapshot-&lt;journal index, 20 digits&gt;.bin:
 *   magic "OFDSNAP1" | journal index i64 | state length i32 | CRC32C of state i32 | state   (big-endian)
 * </pre>
 *
 * <p>Threading: one writer at a time (the snapshot scheduler); reads at start.
 */
public final class SnapshotStore {

    private static final byte[] MAGIC = "OFDSNAP1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 8 + 4 + 4;
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.bin");

    private final Path dir;
    private final int keep;

    /**
     * A snapshot read and checked.
     *
     * @param journalIndex the last journal record whose effect the state includes
     * @param state        the state bytes
     * @param file         where it was read from
     */
    public record Snapshot(long journalIndex, byte[] state, Path file) {
    }

    /**
     * @param dir  snapshot directory (created when missing)
     * @param keep how many snapshots to keep, at least 1
     */
    public SnapshotStore(Path dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1: " + keep);
        }
        this.dir = dir;
        this.keep = keep;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create snapshot directory " + dir, e);
        }
    }

    /**
     * Writes a snapshot durably, then deletes all but the newest {@code keep}.
     *
     * @param journalIndex the last journal record whose effect {@code state} includes
     * @param state        the state bytes
     * @return the file written
     * @throws UncheckedIOException when it cannot be written (the older snapshots stay)
     */
    public Path write(long journalIndex, byte[] state) {
        if (journalIndex < 0) {
            throw new IllegalArgumentException("journal index must be non-negative: " + journalIndex);
        }
        Path target = dir.resolve(String.format("snapshot-%020d.bin", journalIndex));
        CRC32C crc = new CRC32C();
        crc.update(state);
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.BIG_ENDIAN)
            .put(MAGIC).putLong(journalIndex).putInt(state.length).putInt((int) crc.getValue()).flip();
        try {
            AtomicFiles.write(target, header, ByteBuffer.wrap(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + target, e);
        }
        prune();
        return target;
    }

    /**
     * @return snapshot files, newest (highest journal index) first; temporary files are not listed
     */
    public List<Path> newestFirst() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + dir, e);
        }
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return files;
    }

    /**
     * Reads and checks one snapshot file.
     *
     * @param file a file from {@link #newestFirst()}
     * @return the snapshot
     * @throws IllegalStateException naming what is wrong when the file is not a complete, intact snapshot
     */
    public Snapshot read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read snapshot " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (bytes.length < HEADER) {
            throw new IllegalStateException("snapshot " + file + " is " + bytes.length + " bytes, shorter than its header");
        }
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IllegalStateException("snapshot " + file + " does not start with " + new String(MAGIC,
                StandardCharsets.US_ASCII));
        }
        long journalIndex = b.getLong();
        int length = b.getInt();
        int expectedCrc = b.getInt();
        if (length != bytes.length - HEADER) {
            throw new IllegalStateException("snapshot " + file + " says " + length + " state bytes but holds "
                + (bytes.length - HEADER));
        }
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (name.matches() && Long.parseLong(name.group(1)) != journalIndex) {
            throw new IllegalStateException("snapshot " + file + " holds journal index " + journalIndex);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER, length);
        if ((int) crc.getValue() != expectedCrc) {
            throw new IllegalStateException("snapshot " + file + " fails its CRC32C check");
        }
        return new Snapshot(journalIndex, java.util.Arrays.copyOfRange(bytes, HEADER, bytes.length), file);
    }

    private void prune() {
        List<Path> files = newestFirst();
        for (int i = keep; i < files.size(); i++) {
            try {
                Files.deleteIfExists(files.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete old snapshot " + files.get(i), e);
            }
        }
    }

}
