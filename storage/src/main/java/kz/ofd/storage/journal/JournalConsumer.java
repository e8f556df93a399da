package kz.ofd.storage.journal;

import org.agrona.DirectBuffer;

/**
 * Receives journal records during {@link Journal#replay}.
 */
@FunctionalInterface
public interface JournalConsumer {

    /**
     * One record.
     *
     * @param index  the record's journal index
     * @param buffer holds the record; valid only during this call
     * @param offset first byte
     * @param length record length
     */
    void accept(long index, DirectBuffer buffer, int offset, int length);
}
