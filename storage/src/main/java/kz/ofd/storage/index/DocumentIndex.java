package kz.ofd.storage.index;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * RocksDB index of accepted documents: fiscal sign to document, and (KKM, shift) to its documents; the shift reports
 * (X and Z) by (KKM, shift, journal index); plus the checkpoint (last journal index applied). It may lag the journal
 * and can always be rebuilt from it: deleting its directory is a supported way to rebuild.
 *
 * <p>Threading: {@link #write} is called by one thread (the indexer); lookups are safe from any thread.
 */
public final class DocumentIndex implements IndexWriter, AutoCloseable {

    /** The column families besides the default one, in the order of the handles. */
    private static final List<String> COLUMN_FAMILIES = List.of("doc_by_sign", "doc_by_kkm_shift", "meta", "z_reports",
        "returns_by_parent", "reports");

    /** Checkpoint value of an index that has applied nothing. */
    public static final long NO_CHECKPOINT = -1;

    static {
        RocksDB.loadLibrary();
    }

    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle bySign;
    private final ColumnFamilyHandle byKkmShift;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle zReports;
    private final ColumnFamilyHandle returnsByParent;
    private final ColumnFamilyHandle reports;
    private final WriteOptions writeOptions;
    private boolean rebuilt;

    private DocumentIndex(DBOptions dbOptions, ColumnFamilyOptions cfOptions, RocksDB db, List<ColumnFamilyHandle> handles) {
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.db = db;
        this.handles = handles;
        this.bySign = handles.get(1);
        this.byKkmShift = handles.get(2);
        this.meta = handles.get(3);
        this.zReports = handles.get(4);
        this.returnsByParent = handles.get(5);
        this.reports = handles.get(6);
        this.writeOptions = new WriteOptions();
    }

    /**
     * Opens or creates the index. An index written in another layout ({@link IndexKeys#FORMAT}) is emptied, so
     * recovery rebuilds it from the journal; {@link #wasRebuilt()} tells.
     *
     * @param dir index directory
     * @return the open index
     */
    public static DocumentIndex open(Path dir) {
        DocumentIndex index = openAsIs(dir);
        long format = index.format();
        if (format == IndexKeys.FORMAT) {
            return index;
        }
        boolean empty = index.checkpoint() == NO_CHECKPOINT;
        index.close();
        if (!empty) {
            try (org.rocksdb.Options options = new org.rocksdb.Options()) {
                RocksDB.destroyDB(dir.toString(), options);
            } catch (RocksDBException e) {
                throw new IndexException("cannot empty index of format " + format + " at " + dir, e);
            }
        }
        DocumentIndex fresh = openAsIs(dir);
        try {
            fresh.db.put(fresh.meta, IndexKeys.FORMAT_KEY, IndexKeys.u64(IndexKeys.FORMAT));
        } catch (RocksDBException e) {
            fresh.close();
            throw new IndexException("cannot write the index format at " + dir, e);
        }
        fresh.rebuilt = !empty;
        return fresh;
    }

    /**
     * @return true when {@link #open} found an index of another layout and emptied it for a rebuild
     */
    public boolean wasRebuilt() {
        return rebuilt;
    }

    private long format() {
        try {
            byte[] v = db.get(meta, IndexKeys.FORMAT_KEY);
            return v == null ? 0 : IndexKeys.u64(v);
        } catch (RocksDBException e) {
            throw new IndexException("cannot read the index format", e);
        }
    }

    /**
     * Opens an existing index without changing it (for {@code ofd verify}).
     *
     * @param dir index directory
     * @return the index; writes fail
     * @throws IndexException when there is no index there, or it is of another layout
     */
    public static DocumentIndex openReadOnly(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IndexException("there is no index at " + dir, null);
        }
        List<String> missing = new ArrayList<>(COLUMN_FAMILIES);
        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                missing.remove(new String(name, StandardCharsets.US_ASCII));
            }
        } catch (RocksDBException e) {
            throw new IndexException("cannot open index at " + dir, e);
        }
        if (!missing.isEmpty()) {   // an older layout: a read-only open cannot add the column families
            throw new IndexException("the index at " + dir + " has an older layout (no " + String.join(", ", missing)
                + "), not " + IndexKeys.FORMAT + "; the next start rebuilds it", null);
        }
        DocumentIndex index = openAsIs(dir, true);
        long format = index.format();
        if (format != IndexKeys.FORMAT) {
            index.close();
            throw new IndexException("the index at " + dir + " has layout " + format + ", not " + IndexKeys.FORMAT
                + "; the next start rebuilds it", null);
        }
        return index;
    }

    private static DocumentIndex openAsIs(Path dir) {
        return openAsIs(dir, false);
    }

    private static DocumentIndex openAsIs(Path dir, boolean readOnly) {
        try {
            Files.createDirectories(dir);
            DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
            ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
            for (String name : COLUMN_FAMILIES) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), cfOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = readOnly ? RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles)
                : RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            return new DocumentIndex(dbOptions, cfOptions, db, handles);
        } catch (RocksDBException | java.io.IOException e) {
            throw new IndexException("cannot open index at " + dir, e);
        }
    }

    /**
     * The last journal index whose documents are all in the index.
     *
     * @return the checkpoint, or {@link #NO_CHECKPOINT}
     */
    public long checkpoint() {
        try {
            byte[] v = db.get(meta, IndexKeys.CHECKPOINT_KEY);
            return v == null ? NO_CHECKPOINT : IndexKeys.u64(v);
        } catch (RocksDBException e) {
            throw new IndexException("cannot read checkpoint", e);
        }
    }

    /**
     * Writes documents and the new checkpoint atomically (one RocksDB write batch).
     *
     * @param documents  documents to add
     * @param checkpoint journal index up to which everything is now indexed
     */
    public void write(List<DocumentEntry> documents, long checkpoint) {
        write(documents, List.of(), checkpoint);
    }

    /**
     * Writes documents, closed shifts' Z reports (by shift only) and the new checkpoint atomically.
     *
     * @param documents  documents to add
     * @param closed     Z reports of shifts closed by these documents
     * @param checkpoint journal index up to which everything is now indexed
     */
    public void write(List<DocumentEntry> documents, List<ZReportEntry> closed, long checkpoint) {
        write(documents, closed, List.of(), checkpoint);
    }

    /**
     * Writes documents, closed shifts' Z reports, the shift reports and the new checkpoint atomically (one RocksDB
     * write batch).
     *
     * @param documents  documents to add
     * @param closed       Z reports of shifts closed by these documents, by shift
     * @param shiftReports X and Z reports, by (KKM, shift, journal index)
     * @param checkpoint   journal index up to which everything is now indexed
     */
    @Override
    public void write(List<DocumentEntry> documents, List<ZReportEntry> closed, List<ReportEntry> shiftReports,
                      long checkpoint) {
        try (WriteBatch batch = new WriteBatch()) {
            for (ZReportEntry z : closed) {
                batch.put(zReports, IndexKeys.kkmShiftPrefix(z.kkmId(), z.shiftNumber()), IndexKeys.zValue(z));
            }
            for (ReportEntry r : shiftReports) {
                batch.put(reports, IndexKeys.kkmShiftKey(r.kkmId(), r.shiftNumber(), r.journalIndex()),
                    IndexKeys.reportValue(r));
            }
            for (DocumentEntry e : documents) {
                byte[] value = IndexKeys.value(e);
                if (e.fiscalSign() != 0) {
                    batch.put(bySign, IndexKeys.signKey(e.fiscalSign()), value);
                    if (e.parentSign() != 0) {
                        batch.put(returnsByParent, IndexKeys.returnKey(e.parentSign(), e.fiscalSign()),
                            IndexKeys.u64(e.totalTiyn()));
                    }
                }
                batch.put(byKkmShift, IndexKeys.kkmShiftKey(e.kkmId(), e.shiftNumber(), e.journalIndex()), value);
            }
            batch.put(meta, IndexKeys.CHECKPOINT_KEY, IndexKeys.u64(checkpoint));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IndexException("cannot write " + documents.size() + " documents at checkpoint " + checkpoint, e);
        }
    }

    /**
     * Looks a document up by fiscal sign.
     *
     * @param fiscalSign the sign
     * @return the entry, if indexed
     */
    public Optional<DocumentEntry> findBySign(long fiscalSign) {
        try {
            byte[] v = db.get(bySign, IndexKeys.signKey(fiscalSign));
            return v == null ? Optional.empty() : Optional.of(IndexKeys.entry(v));
        } catch (RocksDBException e) {
            throw new IndexException("cannot look up fiscal sign " + fiscalSign, e);
        }
    }

    /**
     * Looks up one document by its place in the (KKM, shift) order.
     *
     * @param kkmId        KKM id
     * @param shift        shift number
     * @param journalIndex journal index of the document
     * @return the entry, if indexed
     */
    public Optional<DocumentEntry> findByKkmShift(long kkmId, long shift, long journalIndex) {
        try {
            byte[] v = db.get(byKkmShift, IndexKeys.kkmShiftKey(kkmId, shift, journalIndex));
            return v == null ? Optional.empty() : Optional.of(IndexKeys.entry(v));
        } catch (RocksDBException e) {
            throw new IndexException("cannot look up KKM " + kkmId + " shift " + shift + " at " + journalIndex, e);
        }
    }

    /**
     * Counts the entries of both document column families and of the reports by a full key scan.
     *
     * @return {documents in doc_by_kkm_shift, signs in doc_by_sign, X and Z reports in reports}
     */
    public long[] countEntries() {
        long[] counts = new long[3];
        ColumnFamilyHandle[] families = {byKkmShift, bySign, reports};
        for (int i = 0; i < families.length; i++) {
            try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(families[i], ro)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    counts[i]++;
                }
                it.status();
            } catch (RocksDBException e) {
                throw new IndexException("cannot scan the index", e);
            }
        }
        return counts;
    }

    /**
     * The accepted returns of a ticket this OFD issued, in fiscal-sign order.
     *
     * @param parentSign the original ticket's fiscal sign
     * @return its returns (empty when none is indexed)
     */
    public List<ReturnEntry> findReturns(long parentSign) {
        byte[] prefix = IndexKeys.signKey(parentSign);
        List<ReturnEntry> result = new ArrayList<>(2);
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(returnsByParent, ro)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                result.add(new ReturnEntry(IndexKeys.returnSign(it.key()), IndexKeys.u64(it.value())));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new IndexException("cannot scan the returns of fiscal sign " + parentSign, e);
        }
        return result;
    }

    /**
     * The Z reports of a closed shift: the server's, the register's and their differences.
     *
     * @param kkmId KKM id
     * @param shift shift number
     * @return the entry, if that shift was closed
     */
    public Optional<ZReportEntry> findZReport(long kkmId, long shift) {
        try {
            byte[] v = db.get(zReports, IndexKeys.kkmShiftPrefix(kkmId, shift));
            return v == null ? Optional.empty() : Optional.of(IndexKeys.zEntry(kkmId, shift, v));
        } catch (RocksDBException e) {
            throw new IndexException("cannot read the Z report of KKM " + kkmId + " shift " + shift, e);
        }
    }

    /**
     * Documents of one KKM shift, in journal order.
     *
     * @param kkmId KKM id
     * @param shift shift number
     * @return the entries
     */
    public List<DocumentEntry> findByKkmShift(long kkmId, long shift) {
        byte[] prefix = IndexKeys.kkmShiftPrefix(kkmId, shift);
        List<DocumentEntry> result = new ArrayList<>();
        try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(false);
             RocksIterator it = db.newIterator(byKkmShift, ro)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                result.add(IndexKeys.entry(it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new IndexException("cannot scan KKM " + kkmId + " shift " + shift, e);
        }
        return result;
    }

    /**
     * A page of one KKM's documents in key order (shift, then journal order), starting strictly after a position:
     * what the cabinet pages receipts with. At most {@code max} entries are read, so a caller filtering them (by
     * command or time) bounds its work per page; the last entry returned is the next position.
     *
     * @param kkmId             KKM id
     * @param shift             shift of the position to start after (the first shift to read when starting)
     * @param afterJournalIndex journal index of the position to start after, or -1 to start at {@code shift}'s first
     * @param lastShift         the last shift to read (inclusive)
     * @param max               most entries to read
     * @return the entries, in key order; fewer than {@code max} only when the range is exhausted
     */
    public List<DocumentEntry> scanKkm(long kkmId, long shift, long afterJournalIndex, long lastShift, int max) {
        List<DocumentEntry> result = new ArrayList<>(Math.min(max, 1024));
        byte[] start = IndexKeys.kkmShiftKey(kkmId, shift, afterJournalIndex + 1);
        try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(false);
             RocksIterator it = db.newIterator(byKkmShift, ro)) {
            for (it.seek(start); it.isValid() && result.size() < max; it.next()) {
                byte[] key = it.key();
                org.agrona.concurrent.UnsafeBuffer k = new org.agrona.concurrent.UnsafeBuffer(key);
                long keyKkm = Integer.toUnsignedLong(k.getInt(0, java.nio.ByteOrder.BIG_ENDIAN));
                long keyShift = Integer.toUnsignedLong(k.getInt(4, java.nio.ByteOrder.BIG_ENDIAN));
                if (keyKkm != kkmId || keyShift > lastShift) {
                    break;
                }
                result.add(IndexKeys.entry(it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new IndexException("cannot scan KKM " + kkmId + " from shift " + shift, e);
        }
        return result;
    }

    /**
     * The reports of one KKM shift (its X reports, then its Z once closed), in journal order.
     *
     * @param kkmId KKM id
     * @param shift shift number
     * @return the entries
     */
    public List<ReportEntry> findReports(long kkmId, long shift) {
        return scanReports(kkmId, shift, -1, shift, Integer.MAX_VALUE);
    }

    /**
     * The reports of one KKM shift, bounded: its first {@code max} reports in journal order, and its last one (the Z
     * of a closed shift) after them when there are more.
     *
     * @param kkmId KKM id
     * @param shift shift number
     * @param max   most reports to read in order, at least 1
     * @return the entries, at most {@code max + 1}
     */
    public List<ReportEntry> findReports(long kkmId, long shift, int max) {
        List<ReportEntry> first = scanReports(kkmId, shift, -1, shift, max);
        if (first.size() < max) {
            return first;
        }
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(reports, ro)) {
            it.seekForPrev(IndexKeys.kkmShiftKey(kkmId, shift, Long.MAX_VALUE));
            if (it.isValid() && IndexKeys.keyKkm(it.key()) == kkmId && IndexKeys.keyShift(it.key()) == shift) {
                ReportEntry last = IndexKeys.reportEntry(it.key(), it.value());
                if (last.journalIndex() > first.get(first.size() - 1).journalIndex()) {
                    List<ReportEntry> bounded = new ArrayList<>(first);
                    bounded.add(last);
                    return bounded;
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new IndexException("cannot read the last report of KKM " + kkmId + " shift " + shift, e);
        }
        return first;
    }

    /**
     * A page of one KKM's reports in key order (shift, then journal order), starting strictly after a position; the
     * last entry returned is the next position.
     *
     * @param kkmId             KKM id
     * @param shift             shift of the position to start after (the first shift to read when starting)
     * @param afterJournalIndex journal index of the position to start after, or -1 to start at {@code shift}'s first
     * @param lastShift         the last shift to read (inclusive)
     * @param max               most entries to read
     * @return the entries, in key order; fewer than {@code max} only when the range is exhausted
     */
    public List<ReportEntry> scanReports(long kkmId, long shift, long afterJournalIndex, long lastShift, int max) {
        List<ReportEntry> result = new ArrayList<>(Math.min(max, 64));
        byte[] start = IndexKeys.kkmShiftKey(kkmId, shift, afterJournalIndex + 1);
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(reports, ro)) {
            for (it.seek(start); it.isValid() && result.size() < max; it.next()) {
                byte[] key = it.key();
                long keyKkm = IndexKeys.keyKkm(key);
                long keyShift = IndexKeys.keyShift(key);
                if (keyKkm != kkmId || keyShift > lastShift) {
                    break;
                }
                result.add(IndexKeys.reportEntry(key, it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new IndexException("cannot scan the reports of KKM " + kkmId + " from shift " + shift, e);
        }
        return result;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        writeOptions.close();
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        dbOptions.close();
        cfOptions.close();
    }
}
