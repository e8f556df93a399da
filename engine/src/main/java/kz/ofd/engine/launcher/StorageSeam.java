package kz.ofd.engine.launcher;

import kz.ofd.storage.index.DocumentIndex;
import kz.ofd.storage.index.IndexWriter;
import kz.ofd.storage.journal.Journal;
import kz.ofd.storage.journal.JournalAppender;

/**
 * Where the running ring's storage writes go. Production uses the journal and the index themselves
 * ({@link #NONE}); fault-injection tests wrap them to make writes fail, while every stage runs unchanged.
 * Recovery and reads always use the real storage.
 */
public interface StorageSeam {

    /** No wrapping: the production setting. */
    StorageSeam NONE = new StorageSeam() {
    };

    /**
     * @param journal the open journal
     * @return what the journal stage appends to
     */
    default JournalAppender journal(Journal journal) {
        return journal;
    }

    /**
     * @param index the open index
     * @return what the index stage writes to
     */
    default IndexWriter index(DocumentIndex index) {
        return index;
    }
}
