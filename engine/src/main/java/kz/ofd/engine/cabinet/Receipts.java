package kz.ofd.engine.cabinet;

import com.google.protobuf.InvalidProtocolBufferException;
import kz.ofd.engine.journal.Outcome;
import kz.ofd.engine.journal.OutcomeCodec;
import kz.ofd.protocol.proto.CommandTypeEnum;
import kz.ofd.protocol.proto.Request;
import kz.ofd.protocol.proto.Response;
import kz.ofd.storage.index.DocumentEntry;
import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.journal.Journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads fiscal documents back for queries (the cabinet's transactions and reports, the public receipt check):
 * the document index says where a document is, the journal holds its unchanged request and the answer sent.
 * Every read is on the calling thread, with RocksDB point reads and a journal tailer of its own; nothing goes
 * through the ring, so queries never slow the hot path down. Thread-safe.
 */
public final class Receipts {

    private final DocumentIndex index;
    private final Journal journal;

    /**
     * A document as journaled, with its index entry.
     *
     * @param entry    the index entry (KKM, shift, sign, receive time, offline mark, operation, total)
     * @param request  the request as the register sent it
     * @param response the answer the OFD sent
     */
    public record Document(DocumentEntry entry, Request request, Response response) {

        /** @return whether this is a ticket (a receipt) */
        public boolean isTicket() {
            return entry.command() == CommandTypeEnum.COMMAND_TICKET_VALUE;
        }

        /** @return the URL the OFD answered for the receipt's QR code, or {@code null} */
        public String qrUrl() {
            return response.hasTicket() && response.getTicket().hasQrCode()
                ? response.getTicket().getQrCode().toStringUtf8() : null;
        }
    }

    /**
     * @param index   the document index (the live one: RocksDB reads are thread-safe and never block its writer)
     * @param journal the journal
     */
    public Receipts(DocumentIndex index, Journal journal) {
        this.index = index;
        this.journal = journal;
    }

    /**
     * @param fiscalSign a fiscal sign
     * @return the document with that sign, when indexed
     */
    public Optional<Document> bySign(long fiscalSign) {
        return index.findBySign(fiscalSign).flatMap(this::read);
    }

    /**
     * Reads an indexed document back from the journal.
     *
     * @param entry its index entry
     * @return the document, or empty when the journal has no document at the entry's index
     * @throws IllegalStateException when the journaled request or answer no longer parses
     */
    public Optional<Document> read(DocumentEntry entry) {
        List<Document> one = read(List.of(entry));
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /**
     * Reads indexed documents back from the journal with one tailer, in the order given (a page of receipts).
     *
     * @param entries index entries
     * @return the documents found, in the same order
     * @throws IllegalStateException when a journaled request or answer no longer parses
     */
    public List<Document> read(List<DocumentEntry> entries) {
        long[] indexes = new long[entries.size()];
        Map<Long, DocumentEntry> byIndex = new HashMap<>(entries.size() * 2);
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = entries.get(i).journalIndex();
            byIndex.put(indexes[i], entries.get(i));
        }
        List<Document> out = new ArrayList<>(entries.size());
        journal.read(indexes, (index, buffer, offset, length) -> {
            if (OutcomeCodec.decode(buffer, offset, length) instanceof Outcome.DocumentAccepted d) {
                try {
                    out.add(new Document(byIndex.get(index), Request.parser().parsePartialFrom(d.request()),
                        Response.parser().parsePartialFrom(d.answer())));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("the journaled document at " + index + " no longer parses", e);
                }
            }
        });
        return out;
    }

    /** @return the document index, for scans */
    public DocumentIndex index() {
        return index;
    }
}
