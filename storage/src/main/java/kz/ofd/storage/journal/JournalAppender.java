package kz.ofd.storage.journal;

import org.agrona.DirectBuffer;

/**
 * The writing side of the journal as the ring's journal stage uses it. {@link Journal} is the implementation; the
 * interface is the seam through which tests inject write failures into the unchanged production stage.
 */
public interface JournalAppender {

    /**
     * Appends one record.
     *
     * @param buffer record bytes
     * @param offset first byte
     * @param length record length
     * @return the record's journal index
     * @throws RuntimeException when the record cannot be written
     */
    long append(DirectBuffer buffer, int offset, int length);

    /**
     * Forces everything appended so far to disk.
     *
     * @throws RuntimeException when it cannot
     */
    void sync();

    /**
     * @return the index of the last record, or {@link Journal#NO_INDEX}
     */
    long lastIndex();
}
