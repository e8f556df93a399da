package kz.ofd.cabinet.http;

import kz.ofd.cabinet.spi.FiscalDocuments;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rows of a cursor-paged query, fetched a page at a time as a streamed export reads them: receipts or reports.
 * A page may be empty with a cursor (the engine bounds the index entries one call reads), so it keeps fetching until
 * a row comes or the cursor ends.
 *
 * @param <T> the row
 */
final class Paged<T> implements Iterator<T> {

    /**
     * One page.
     *
     * @param rows the page's rows
     * @param next where the next page starts; empty after the last
     * @param <T>  the row
     */
    record Chunk<T>(List<T> rows, Optional<FiscalDocuments.Position> next) {
    }

    private final Function<FiscalDocuments.Position, Chunk<T>> fetch;
    private Iterator<T> page = Collections.emptyIterator();
    private Optional<FiscalDocuments.Position> next = Optional.empty();
    private boolean started;

    /** @param fetch the page after a position ({@code null}: the first page) */
    Paged(Function<FiscalDocuments.Position, Chunk<T>> fetch) {
        this.fetch = fetch;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && (!started || next.isPresent())) {
            Chunk<T> chunk = fetch.apply(next.orElse(null));
            started = true;
            page = chunk.rows().iterator();
            next = chunk.next();
        }
        return page.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next();
    }
}
